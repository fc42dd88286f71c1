/* Service operation: pid file and daemon mode.
 *
 * The pid file is written atomically (a temporary file in the same directory, then rename(2)),
 * so a reader never sees a half-written number; it is removed at exit only while it still
 * names this process. A pid file naming a live process refuses the start; a stale one (the
 * process is gone) is replaced. */
#ifndef SEAWALL_SENSOR_DAEMON_H
#define SEAWALL_SENSOR_DAEMON_H

#include "common.h"

#include <sys/types.h>

/* SW_OK when path is absent, unreadable as a pid, or names a dead process. SW_ERR_DUPLICATE
 * (err names the pid) when a live process holds it. */
sw_status sw_pidfile_check(const char *path, sw_error *err);
/* Writes "<pid>\n" atomically (mode 0644). SW_ERR_IO with the path and errno text. */
sw_status sw_pidfile_write(const char *path, pid_t pid, sw_error *err);
/* Removes path if it still holds `pid`. */
void sw_pidfile_remove(const char *path, pid_t pid);

/* Detaches: fork, setsid, fork again (the daemon can never reacquire a terminal), umask 027,
 * standard input/output/error to /dev/null. The original process and the intermediate child
 * exit 0 inside this call; only the daemon returns. The working directory is kept so relative
 * paths given on the command line stay valid (the systemd unit uses absolute paths).
 * SW_ERR_IO when fork/setsid fail (nothing has detached then). */
sw_status sw_daemonize(sw_error *err);

#endif
