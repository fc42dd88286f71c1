/* Syslog messages, BSD format (RFC 3164 section 4.1) and the structured format (RFC 5424
 * section 6), over UDP or one framed TCP message. */
#ifndef SEAWALL_SENSOR_APP_SYSLOG_H
#define SEAWALL_SENSOR_APP_SYSLOG_H

#include "app-events.h"

#define SW_SYSLOG_HOST_MAX 256 /* RFC 5424 6.2.4: HOSTNAME is at most 255 chars */
#define SW_SYSLOG_APP_MAX  49  /* RFC 5424 6.2.5: APP-NAME at most 48 (RFC 3164 TAG: 32) */
#define SW_SYSLOG_MSG_MAX  512 /* message text kept; longer counts app.syslog.message_too_long */

typedef enum sw_syslog_format {
    SW_SYSLOG_RFC3164 = 3164,
    SW_SYSLOG_RFC5424 = 5424,
} sw_syslog_format;

typedef struct sw_syslog_message {
    sw_syslog_format format;
    uint8_t facility;                  /* PRI / 8 */
    uint8_t severity;                  /* PRI % 8 */
    char hostname[SW_SYSLOG_HOST_MAX]; /* "" when absent or "-" (RFC 5424 NILVALUE) */
    char app_name[SW_SYSLOG_APP_MAX];  /* RFC 5424 APP-NAME or RFC 3164 TAG */
    char message[SW_SYSLOG_MSG_MAX];   /* printable copy, cut at SW_SYSLOG_MSG_MAX-1 */
    uint8_t message_truncated;
} sw_syslog_message;

/* Parses one syslog message (trailing CR/LF/NUL are not part of the text). OK: consumed = len.
 * INCOMPLETE (app.syslog.trunc): the data ends inside the PRI. MALFORMED (app.syslog.bad_pri):
 * no "<", a PRI that is not 1-3 digits, has a leading zero or exceeds 191 (RFC 5424 6.2.1). */
sw_app_result sw_syslog_parse(const uint8_t *data, size_t len, sw_syslog_message *out);

#endif
