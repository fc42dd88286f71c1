/* Privilege drop: after the capture handle and the outputs are open the sensor needs no root
 * power and no capability. Linux checks CAP_NET_RAW when a packet socket is created, not when it
 * is read, so an open handle keeps working after the drop; the handle is never reopened (a
 * failed capture ends the sensor, and the service manager restarts it). */
#ifndef SEAWALL_SENSOR_PRIVS_H
#define SEAWALL_SENSOR_PRIVS_H

#include "common.h"

/* Switches to `user` (and `group`, default the user's primary group): supplementary groups
 * reset to that group, then setgid, then setuid; no capability survives. Verifies that root
 * cannot be regained. Not root: SW_OK when already running as that user (its capabilities are
 * then dropped as by sw_privs_drop_caps), SW_ERR_INVALID otherwise. Errors name the user/group
 * and errno text; on error the caller must stop (the process may be half-switched). */
sw_status sw_privs_drop(const char *user, const char *group, sw_error *err);
/* Whether --user (and --group) name an existing user (and group): checked with the
 * configuration, so a typo stops the start rather than the capture after its first packet. */
sw_status sw_privs_check(const char *user, const char *group, sw_error *err);

/* For an unprivileged user started with capabilities (systemd's AmbientCapabilities=): empties
 * the ambient, inheritable, permitted and effective sets. Root (euid 0) is left alone: without
 * capabilities it could no longer reopen log files it does not own; use --user instead.
 * SW_ERR_IO with the errno text when the kernel refuses. */
sw_status sw_privs_drop_caps(sw_error *err);

/* The effective capability set, bits 0..63 (for tests and -v). */
unsigned long long sw_privs_effective(void);

#endif
