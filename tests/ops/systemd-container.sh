#!/bin/sh
# Boots a real systemd as PID 1 of a throw-away container, for tests/ops/test_systemd.py.
#
#   unshare --mount --propagation private systemd-container.sh outer BASE [DIR...]
#
# outer (new mount namespace): mounts a tmpfs on BASE, creates a cgroup v2 group for the
#   container and moves itself there, runs the inner stage in new PID, mount (its pivot_root
#   must not move this stage's root), UTS, IPC, network and cgroup namespaces, and removes the
#   cgroup group once the container has ended.
# inner (PID 1 of the new PID namespace): prints "host-pid N" (its PID outside, for nsenter),
#   builds the root: an overlay whose lower layer is the host's / (read-only in effect: every
#   write lands in a tmpfs), each DIR bind-mounted at its own path, fresh /proc, /sys, cgroup2,
#   a minimal /dev, tmpfs /run and /tmp; then pivot_root and exec systemd --unit=basic.target.
# The host's files, services and network are untouched; powering the container off (or killing
# the unshare process, which SIGKILLs PID 1) ends everything in it.
set -eu
stage=$1
base=$2
shift 2

case $stage in
outer)
    mount -t tmpfs -o mode=0700 seawall-container "$base"
    mkdir "$base/cgroup"
    mount -t cgroup2 cgroup2 "$base/cgroup"
    own=$(sed -n 's/^0:://p' /proc/self/cgroup)
    group="$base/cgroup${own%/}/seawall-systemd-test.$$"
    mkdir "$group"
    echo $$ >"$group/cgroup.procs"
    rc=0
    unshare --pid --fork --kill-child --mount --propagation private --uts --ipc --net --cgroup \
        "$0" inner "$base" "$@" || rc=$?
    echo $$ >"$base/cgroup${own%/}/cgroup.procs"
    find "$group" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    umount "$base/cgroup"
    exit "$rc"
    ;;
inner)
    # /proc is still the host's here, so /proc/self names this process as the host sees it.
    read -r host_pid _ </proc/self/stat
    echo "host-pid $host_pid"
    root=$base/root
    mkdir "$base/upper" "$base/work" "$root"
    mount -t overlay seawall-root -o "lowerdir=/,upperdir=$base/upper,workdir=$base/work" "$root"
    for dir in "$@"; do
        mkdir -p "$root$dir"
        mount --rbind "$dir" "$root$dir"
    done
    mount -t proc proc "$root/proc"
    mount -t sysfs -o ro sysfs "$root/sys"
    mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup"
    mount -t tmpfs -o mode=0755,nosuid seawall-dev "$root/dev"
    for node in null zero full random urandom tty; do
        touch "$root/dev/$node"
        mount --bind "/dev/$node" "$root/dev/$node"
    done
    # systemd writes boot messages to the console; the journal keeps them.
    touch "$root/dev/console"
    mount --bind /dev/null "$root/dev/console"
    mkdir "$root/dev/pts" "$root/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
    ln -s pts/ptmx "$root/dev/ptmx"
    mount -t tmpfs -o mode=1777,nosuid,nodev seawall-shm "$root/dev/shm"
    mount -t tmpfs -o mode=0755,nosuid,nodev seawall-run "$root/run"
    mount -t tmpfs -o mode=1777,nosuid,nodev seawall-tmp "$root/tmp"
    mkdir -p "$root/.host"
    cd "$root"
    pivot_root . .host
    umount -l /.host
    rmdir /.host
    hostname seawall-test
    ip link set lo up
    for init in /lib/systemd/systemd /usr/lib/systemd/systemd; do
        if [ -x "$init" ]; then
            exec env -i container=seawall-test PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
                "$init" --system --unit=basic.target
        fi
    done
    echo "no systemd binary in the container" >&2
    exit 1
    ;;
*)
    echo "usage: unshare --mount --propagation private $0 outer BASE [DIR...]" >&2
    exit 2
    ;;
esac
