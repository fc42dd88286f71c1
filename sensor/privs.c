/* Privilege drop with setgroups/setgid/setuid, then capset(2) and PR_CAP_AMBIENT to empty the
 * capability sets (capabilities(7)). Done with the raw system calls so no extra library is
 * needed. */
#include "privs.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Ambient capabilities first: the kernel drops an ambient bit whose permitted bit goes, but
 * clearing them explicitly also covers kernels that refuse the capset. */
static int clear_caps(void)
{
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0L, 0L, 0L) != 0 && errno != EINVAL)
        return -1;
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    return (int)syscall(SYS_capset, &hdr, data);
}

unsigned long long sw_privs_effective(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof(data));
    if (syscall(SYS_capget, &hdr, data) != 0)
        return 0;
    return (unsigned long long)data[1].effective << 32 | data[0].effective;
}

sw_status sw_privs_drop_caps(sw_error *err)
{
    if (geteuid() == 0)
        return SW_OK;
    if (clear_caps() != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, NULL, "dropping capabilities: %s",
                            strerror(errno));
    return SW_OK;
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

sw_status sw_privs_check(const char *user, const char *group, sw_error *err)
{
    uid_t uid = 0;
    gid_t gid = 0;
    return resolve(user, group, &uid, &gid, err);
}

sw_status sw_privs_drop(const char *user, const char *group, sw_error *err)
{
    uid_t uid = 0;
    gid_t gid = 0;
    sw_status st = resolve(user, group, &uid, &gid, err);
    if (st != SW_OK)
        return st;
    if (geteuid() != 0) {
        if (geteuid() == uid)
            return sw_privs_drop_caps(err);
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, "--user",
                            "switching to '%s' needs root; running as uid %ld", user,
                            (long)geteuid());
    }
    if (setgroups(1, &gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "--user", "switching to %s: %s", user,
                            strerror(errno));
    if (clear_caps() != 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "--user", "capset: %s", strerror(errno));
    if (setuid(0) == 0)
        return sw_error_set(err, SW_ERR_INVALID, NULL, 0, "--user",
                            "root could be regained after the switch; refusing to run");
    return SW_OK;
}
