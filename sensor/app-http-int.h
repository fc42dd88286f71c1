/* Internal state of the HTTP parser, shared by app-http.c (framing) and app-http-fields.c (start
 * lines and header fields). Not part of the sensor's API. */
#ifndef SEAWALL_SENSOR_APP_HTTP_INT_H
#define SEAWALL_SENSOR_APP_HTTP_INT_H

#include "app-http.h"
#include "util-cursor.h"

typedef enum http_state {
    HTTP_ST_START,       /* waiting for a request or status line (empty lines skipped) */
    HTTP_ST_HEADERS,     /* header lines until the empty line */
    HTTP_ST_BODY_LENGTH, /* `remaining` bytes of a Content-Length body */
    HTTP_ST_CHUNK_SIZE,  /* chunk-size [; chunk-ext] line (RFC 9112 7.1) */
    HTTP_ST_CHUNK_DATA,  /* `remaining` bytes of chunk data */
    HTTP_ST_CHUNK_END,   /* the CR LF closing a chunk's data */
    HTTP_ST_TRAILERS,    /* trailer section after the last chunk (RFC 9112 7.1.2) */
    HTTP_ST_BODY_CLOSE,  /* response body delimited by the connection close */
    HTTP_ST_DONE,        /* not parsed any more: framing lost, ended or protocol switched */
} http_state;

enum { HTTP_PEND_HEAD = 1, HTTP_PEND_CONNECT = 2 };

typedef struct http_dir {
    http_state state;
    uint8_t lost; /* DONE because framing was lost (not a protocol switch) */
    uint8_t line[SW_HTTP_LINE_MAX];
    size_t line_len;
    uint8_t line_overflow;
    uint8_t field[SW_HTTP_LINE_MAX]; /* header line being unfolded, dispatched when complete */
    size_t field_len;
    uint8_t has_field, field_overflow;
    uint8_t host_seen, te_unknown, body_over_reported;
    uint64_t remaining;
    uint8_t *body_buf; /* body_limit bytes, owned */
    sw_http_msg msg;
} http_dir;

struct sw_http {
    sw_http_config cfg;
    size_t body_limit;
    uint64_t requests;                    /* request lines seen: the next request's tx_id */
    uint64_t responses;                   /* final responses seen: the next response's tx_id */
    uint8_t pending[SW_HTTP_PENDING_MAX]; /* HTTP_PEND_* of request tx_id % SW_HTTP_PENDING_MAX */
    http_dir dir[2];
};

/* app-http-fields.c. Each returns 0 when the direction's framing is lost. */
int http_start_line(sw_http *h, http_dir *d, int dir, sw_app_result *r);
void http_header_line(http_dir *d, sw_app_result *r);
void http_flush_field(http_dir *d, sw_app_result *r);
void http_trailer_line(http_dir *d, sw_app_result *r);
void http_msg_reset(http_dir *d);

#endif
