/* Privilege drop with setgroups/setgid/setuid and, to keep CAP_NET_RAW across setuid,
 * prctl(PR_SET_KEEPCAPS) plus capset(2) (capabilities(7), "Effect of user ID changes"). Done
 * with the raw system calls so no extra library is needed. */
#include "privs.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int set_caps(uint32_t mask)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    data[0].effective = mask;
    data[0].permitted = mask;
    return (int)syscall(SYS_capset, &hdr, data);
}

int sw_privs_have_net_raw(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capget, &hdr, data) != 0)
        return 0;
    return (data[0].effective & (1u << CAP_NET_RAW)) != 0;
}

static sw_status resolve(const char *user, const char *group, uid_t *uid, gid_t *gid, sw_error *err)
{
    struct passwd *pw = getpwnam(user);
    if (!pw)
        return sw_error_set(err, SW_ERR_NOTFOUND, NULL, 0, "--user", "no such user '%s'", user);
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    if (group) {
        struct group *gr = getgrnam(group);
        if (!gr)
            return sw_error_set(err, SW_ERR_NOTFOUND, NULL, 0, "--group", "no such group '%s'",
                                group);
        *gid = gr->gr_gid;
    }
    return SW_OK;
}

sw_status sw_privs_drop(const char *user, const char *group, int keep_net_raw, sw_error *err)
{
    uid_t uid = 0;
    gid_t gid = 0;
    sw_status st = resolve(user, group, &uid, &gid, err);
    if (st != SW_OK)
        return st;
    if (geteuid() != 0) {
        if (geteuid() == uid)
            return SW_OK;
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, "--user",
                            "switching to '%s' needs root; running as uid %ld", user,
                            (long)geteuid());
    }
    if (keep_net_raw && prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "--user", "PR_SET_KEEPCAPS: %s",
                            strerror(errno));
    if (setgroups(1, &gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "--user", "switching to %s: %s", user,
                            strerror(errno));
    if (set_caps(keep_net_raw ? 1u << CAP_NET_RAW : 0) != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "--user", "capset: %s", strerror(errno));
    prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L);
    if (setuid(0) == 0)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, "--user",
                            "root could be regained after the switch; refusing to run");
    return SW_OK;
}
