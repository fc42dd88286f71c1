/* FTP control connection (RFC 959 section 4 and 5.3), one line at a time: commands from the
 * client, replies from the server, and the data-connection endpoints of PORT (RFC 959 4.1.2),
 * EPRT (RFC 2428 2), the 227 reply to PASV (RFC 959 4.2, RFC 1123 4.1.2.6) and the 229 reply to
 * EPSV (RFC 2428 3). */
#ifndef SEAWALL_SENSOR_APP_FTP_H
#define SEAWALL_SENSOR_APP_FTP_H

#include "app-events.h"
#include "common.h"

#define SW_FTP_LINE_MAX    1024 /* bytes up to and including LF; longer: app.ftp.line_too_long */
#define SW_FTP_COMMAND_MAX 8    /* RFC 959 5.3.1 command codes are 3 or 4 letters */
#define SW_FTP_ARG_MAX     256  /* argument / reply text kept (printable copy) */

/* Where a data connection will be made: the listener's address (family 0 when the command or
 * reply gives none, as EPSV's 229) and port. */
typedef struct sw_ftp_endpoint {
    uint8_t valid;
    sw_ip addr;
    uint16_t port;
} sw_ftp_endpoint;

typedef struct sw_ftp_command {
    char command[SW_FTP_COMMAND_MAX]; /* upper case, cut at 7 characters */
    char argument[SW_FTP_ARG_MAX];    /* "***" for PASS */
    sw_ftp_endpoint endpoint;         /* PORT / EPRT */
} sw_ftp_command;

typedef struct sw_ftp_reply {
    uint16_t code;     /* 100..599; 0 for a continuation line of a multi-line reply */
    uint8_t multiline; /* "123-" opens a multi-line reply (RFC 959 4.2) */
    char text[SW_FTP_ARG_MAX];
    sw_ftp_endpoint endpoint; /* 227 / 229 */
} sw_ftp_reply;

/* Parses one command line. OK: consumed covers the line and its LF. INCOMPLETE (app.ftp.trunc):
 * no LF yet. MALFORMED (app.ftp.line_too_long): no LF within SW_FTP_LINE_MAX bytes. A PORT or
 * EPRT whose address cannot be read stays OK with app.ftp.bad_address and endpoint.valid 0. */
sw_app_result sw_ftp_parse_command(const uint8_t *data, size_t len, sw_ftp_command *out);

/* Parses one reply line, as above. A line starting with a digit but not with a three-digit code
 * in 100..599 followed by space, '-' or the line end is app.ftp.bad_reply (status OK, code 0); a
 * 227/229 whose endpoint cannot be read adds app.ftp.bad_address. */
sw_app_result sw_ftp_parse_reply(const uint8_t *data, size_t len, sw_ftp_reply *out);

#endif
