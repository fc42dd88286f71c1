/* Line and text scanning over a sw_cursor, shared by the FTP, SSH banner and HTTP parsers (as
 * tcpdump's txtproto_print serves its FTP and HTTP printers). Every scan has a length cap so a
 * peer that never sends a line end cannot make us buffer or scan without bound. */
#ifndef SEAWALL_SENSOR_UTIL_LINE_H
#define SEAWALL_SENSOR_UTIL_LINE_H

#include "util-cursor.h"

#define SW_LINE_NOT_FOUND ((size_t)-1)

typedef enum sw_line_status {
    SW_LINE_OK = 0,        /* a whole line was found */
    SW_LINE_NEED_MORE = 1, /* no line end yet and fewer than `cap` bytes seen: wait for more */
    SW_LINE_TOO_LONG = 2,  /* no line end within the first `cap` bytes */
} sw_line_status;

/* Finds the next line ended by LF within the first `cap` bytes of c (the LF counts towards the
 * cap). On SW_LINE_OK, *line is a child cursor over the line without its CR LF (or bare LF) and c
 * moves past the LF. Otherwise c and *line are left unchanged. Never fails on input. */
sw_line_status sw_line_next(sw_cursor *c, size_t cap, sw_cursor *line);

/* Offset of the first `byte` within the first `limit` bytes left in c, or SW_LINE_NOT_FOUND.
 * c does not move. */
size_t sw_line_find(const sw_cursor *c, uint8_t byte, size_t limit);

/* Consumes n bytes of c and writes them to dst as printable ASCII (other bytes become '.'),
 * keeping at most cap-1 of them, always NUL-terminated (cap >= 1). If fewer than n bytes are left
 * nothing is copied, dst becomes "" and c's error flag is set. Returns the characters written. */
size_t sw_text_copy(sw_cursor *c, size_t n, char *dst, size_t cap);

#endif
