/* Pid file and daemon mode (see daemon.h). The double fork follows Stevens, "Advanced
 * Programming in the UNIX Environment", section 13.3 (daemon coding rules). */
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pid_t read_pid(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    long pid = 0;
    if (fscanf(f, "%ld", &pid) != 1 || pid <= 0 || pid > 0x3fffffff)
        pid = 0;
    fclose(f);
    return (pid_t)pid;
}

sw_status sw_pidfile_check(const char *path, sw_error *err)
{
    pid_t pid = read_pid(path);
    if (pid == 0 || pid == getpid())
        return SW_OK;
    /* EPERM means the process exists but belongs to someone else: still alive. */
    if (kill(pid, 0) == 0 || errno == EPERM)
        return sw_error_set(err, SW_ERR_DUPLICATE, path, 0, "--pidfile",
                            "process %ld is running and holds this pid file; not starting",
                            (long)pid);
    return SW_OK;
}

sw_status sw_pidfile_write(const char *path, pid_t pid, sw_error *err)
{
    char tmp[1100];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)pid) >= (int)sizeof(tmp))
        return sw_error_set(err, SW_ERR_INVALID, path, 0, "--pidfile", "path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return sw_error_set(err, SW_ERR_IO, tmp, 0, "--pidfile", "cannot create: %s",
                            strerror(errno));
    char text[32];
    int n = snprintf(text, sizeof(text), "%ld\n", (long)pid);
    int ok = write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int saved = errno;
        unlink(tmp);
        return sw_error_set(err, SW_ERR_IO, path, 0, "--pidfile", "cannot write: %s",
                            strerror(saved));
    }
    return SW_OK;
}

void sw_pidfile_remove(const char *path, pid_t pid)
{
    if (path && read_pid(path) == pid)
        unlink(path);
}

sw_status sw_daemonize(sw_error *err)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return sw_error_set(err, SW_ERR_IO, NULL, 0, "-D", "fork: %s", strerror(errno));
    if (pid > 0)
        _exit(0);
    if (setsid() < 0)
        _exit(1);            /* cannot happen for a fresh child that is no group leader */
    signal(SIGHUP, SIG_IGN); /* the session leader's exit sends SIGHUP to the next child */
    pid = fork();
    if (pid < 0)
        _exit(1);
    if (pid > 0)
        _exit(0);
    signal(SIGHUP, SIG_DFL);
    umask(027);
    int null = open("/dev/null", O_RDWR);
    if (null < 0)
        return sw_error_set(err, SW_ERR_IO, "/dev/null", 0, "-D", "%s", strerror(errno));
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO)
        close(null);
    return SW_OK;
}
