/* The baseline state file: the sensor's side of sw_engine_state_save/load (the core does no
 * I/O). Config, top-level key `state:`:
 *   state:
 *     file: /var/lib/seawall/baseline.json   # empty/absent: baselines are not persisted
 *     save-interval: 300                     # seconds of packet time between saves
 * Saving is atomic: a temporary file beside the target is written, fsync'ed and renamed over
 * it, then the directory is fsync'ed, so a crash leaves the old or the new file, never half. */
#ifndef SEAWALL_SENSOR_STATE_FILE_H
#define SEAWALL_SENSOR_STATE_FILE_H

#include "conf.h"
#include "engine.h"

#define SW_STATE_FILE_MAX_BYTES (64u << 20) /* a bigger file is refused, not read */

typedef struct sw_state_file_config {
    char path[1024];
    uint64_t save_interval; /* seconds of packet time */
} sw_state_file_config;

/* Reads `state:` from the config tree (absent: path empty, interval 300). Errors name file,
 * line and key. */
sw_status sw_state_file_config_apply(sw_state_file_config *cfg, const sw_conf_node *root,
                                     sw_error *err);

/* SW_OK: loaded. SW_ERR_NOTFOUND: no file yet (a first start). Anything else: the file was
 * unreadable, too big, corrupt or of another version; err says which and where, and the engine
 * is unchanged. A file that starts like a JSON object (a baseline, maybe damaged) is moved to
 * `<path>.rejected`, so the next save writes a new one; any other file is left alone, and saves
 * refuse to replace it (err says which happened). */
sw_status sw_state_file_load(const char *path, sw_engine *engine, sw_error *err);
/* Writes the engine's baselines atomically; err names the path and the failing step. A file at
 * path that is not a baseline (see sw_state_file_load) is never replaced. */
sw_status sw_state_file_save(const char *path, const sw_engine *engine, sw_error *err);
/* Gives `to` what `from` learned (an engine replaced on reload), so learning periods do not
 * restart. A failure (memory) only costs the learning: `to` starts afresh. */
void sw_state_carry(const sw_engine *from, sw_engine *to);

#endif
