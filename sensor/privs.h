/* Privilege drop: after the capture handle and the outputs are open the sensor needs no root
 * power. Linux checks CAP_NET_RAW when a packet socket is created, not when it is read, so an
 * open handle keeps working after the drop. */
#ifndef SEAWALL_SENSOR_PRIVS_H
#define SEAWALL_SENSOR_PRIVS_H

#include "common.h"

/* Switches to `user` (and `group`, default the user's primary group): supplementary groups
 * reset to that group, then setgid, then setuid. With keep_net_raw, CAP_NET_RAW stays in the
 * permitted and effective sets (for a live interface, should the handle need reopening); every
 * other capability is gone. Verifies that root cannot be regained. Not root: SW_OK when already
 * running as that user, SW_ERR_INVALID otherwise. Errors name the user/group and errno text;
 * on error the caller must stop (the process may be half-switched). */
sw_status sw_privs_drop(const char *user, const char *group, int keep_net_raw, sw_error *err);

/* 1 when CAP_NET_RAW is in the effective set (for tests and -v). */
int sw_privs_have_net_raw(void);

#endif
