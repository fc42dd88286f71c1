/* Telnet server greeting (RFC 854, option negotiation RFC 855): the IAC commands a server sends
 * first and its first banner line or login prompt. Only the greeting is read: what a user types
 * afterwards (and the server echoes) is never parsed. */
#ifndef SEAWALL_SENSOR_APP_TELNET_H
#define SEAWALL_SENSOR_APP_TELNET_H

#include "app-events.h"
#include "observation.h" /* sw_obs_telnet_option, SW_OBS_TELNET_MAX_OPTIONS */

#define SW_TELNET_IAC          255  /* RFC 854: "Interpret As Command" */
#define SW_TELNET_BANNER_MAX   160  /* characters of the banner kept */
#define SW_TELNET_LINE_MAX     1024 /* bytes scanned for one line's end: app.telnet.line_too_long */
#define SW_TELNET_SUBNEG_MAX   512  /* bytes of IAC SB ... IAC SE: subnegotiation_too_long */
#define SW_TELNET_COMMANDS_MAX 128  /* IAC commands before the banner: too_many_commands */

typedef struct sw_telnet_greeting {
    uint8_t n_options; /* WILL/WONT/DO/DONT kept, in order; more are too_many_options */
    sw_obs_telnet_option options[SW_OBS_TELNET_MAX_OPTIONS];
    uint16_t n_commands;                   /* every IAC command, negotiation or not */
    char banner[SW_TELNET_BANNER_MAX + 1]; /* printable ASCII, other bytes as '.'; may be "" */
} sw_telnet_greeting;

/* Parses the start of a server's stream: IAC commands and blank lines, then the first line with
 * text, ended by CR or LF, or a prompt (text ending in ':', '>', '#' or '$', optionally followed
 * by spaces) that ends the data. With `final` (no more data will come) the end of the data also
 * ends the greeting, so a server that only negotiated still yields its options.
 * OK: consumed covers the greeting. INCOMPLETE (app.telnet.trunc): no banner yet, or a command
 * cut short. MALFORMED: IAC followed by a byte that is no command (bad_command), a subnegotiation
 * over SW_TELNET_SUBNEG_MAX (subnegotiation_too_long), more than SW_TELNET_COMMANDS_MAX commands
 * (too_many_commands) or a line over SW_TELNET_LINE_MAX (line_too_long). More than
 * SW_OBS_TELNET_MAX_OPTIONS negotiations is a too_many_options anomaly; the rest are not kept. */
sw_app_result sw_telnet_parse_greeting(const uint8_t *data, size_t len, int final,
                                       sw_telnet_greeting *out);

/* Whether the first bytes look like a Telnet peer: IAC then WILL/WONT/DO/DONT (RFC 854) then
 * an option code, or IAC SB. Pure. */
int sw_telnet_looks_negotiation(const uint8_t *data, size_t len);

/* Whether the first bytes from a server are a login greeting without negotiation: "login: ",
 * "Username: " or "Password: " within the first 256 bytes. Pure; used only when no other
 * protocol matched. */
int sw_telnet_looks_login(const uint8_t *data, size_t len);

#endif
