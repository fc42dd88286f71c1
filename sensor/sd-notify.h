/* Readiness, status and log priorities for systemd without linking libsystemd. The sd_notify(3)
 * protocol is one datagram of "KEY=value" lines to the AF_UNIX socket named by $NOTIFY_SOCKET
 * (a path, or an abstract name written with a leading '@'). Outside systemd the variable is
 * unset and nothing is sent. */
#ifndef SEAWALL_SENSOR_SD_NOTIFY_H
#define SEAWALL_SENSOR_SD_NOTIFY_H

/* Sends `state` (e.g. "READY=1\nSTATUS=capturing on eth1"). 1 when sent, 0 when $NOTIFY_SOCKET
 * is unset or empty, -1 when it is unusable (not a path or '@' name, too long) or the send
 * failed; errno is then set. Never blocks: the datagram is sent with MSG_DONTWAIT. */
int sw_sd_notify(const char *state);

/* 1 when standard error is the journal's stream: $JOURNAL_STREAM ("device:inode", set by
 * systemd) names the file open on descriptor 2. A line may then start with a "<N>" syslog
 * priority (sd-daemon(3)), which journald strips and records, so `journalctl -p err` finds the
 * errors. 0 otherwise, also when the variable was inherited by a process whose stderr moved. */
int sw_sd_stderr_is_journal(void);

#endif
