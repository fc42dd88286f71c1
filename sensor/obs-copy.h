/* Self-contained copies of observations and alerts, for handing them to another thread.
 *
 * Observations and alerts point into packet buffers, parser scratch and detector stack frames
 * that die when the call returns. A copy puts every pointed-to flow, tunnel, string and byte
 * field into one caller-provided arena, so the copy lives exactly as long as that memory. Bulk
 * bytes are left out (stream payload, file data, HTTP header blocks and bodies: empty in the
 * copy): no cross-flow detection reads them, and they are most of the size. Catalog entries
 * are not copied: they belong to the detection set, which outlives the copy (workers.h). */
#ifndef SEAWALL_SENSOR_OBS_COPY_H
#define SEAWALL_SENSOR_OBS_COPY_H

#include "engine.h"

/* Bump allocator over [base, base + cap). base NULL only measures: the copy functions then
 * return structs whose pointers are NULL, and `used` says how many bytes a real copy takes. */
typedef struct sw_arena {
    uint8_t *base;
    size_t cap, used;
    int overflow; /* a request did not fit (real arenas only); the copy is incomplete */
} sw_arena;

sw_arena sw_arena_init(void *base, size_t cap);

/* The copy of *obs; its pointers point into the arena. */
sw_observation sw_obs_copy(sw_arena *a, const sw_observation *obs);
/* The copy of *alert (flow, tunnel and evidence in the arena; entry shared). */
sw_alert sw_alert_copy(sw_arena *a, const sw_alert *alert);

#endif
