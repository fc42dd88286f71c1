/* HTTP on the app layer: one incremental parser (app-http.h) per HTTP connection, fed every
 * in-order chunk of both directions as it arrives (the parser frames messages itself, so the
 * layer's own message buffering is bypassed), each complete request and response forwarded as
 * SW_OBS_HTTP_REQUEST / SW_OBS_HTTP_RESPONSE. */
#include "app-layer-int.h"

#include <string.h>

/* What a parser costs against the stream memcap: docs/http.md puts sw_http_new at about 120 KB
 * plus twice the body inspection limit. */
#define APP_HTTP_COST ((size_t)128 * 1024 + 2 * (size_t)SW_HTTP_BODY_LIMIT_DEFAULT)

static void on_http_request(void *user, const sw_http_msg *msg)
{
    sw_app_layer *al = user;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_REQUEST;
    sw_http_fill_request(msg, &al->flow, &obs.u.http_request);
    app_emit(al, &obs);
}

static void on_http_response(void *user, const sw_http_msg *msg)
{
    sw_app_layer *al = user;
    sw_observation obs;
    memset(&obs, 0, sizeof(obs));
    obs.type = SW_OBS_HTTP_RESPONSE;
    sw_http_fill_response(msg, &al->flow, &obs.u.http_response);
    app_emit(al, &obs);
}

/* 0 when the memcap or memory refuses a parser: the flow's HTTP is then not parsed. */
static int http_start(sw_app_layer *al, app_flow *af)
{
    if (!sw_stream_mem_reserve(&al->stream, APP_HTTP_COST))
        return 0;
    sw_http_config cfg = {0, on_http_request, on_http_response, al};
    af->http = sw_http_new(&cfg);
    if (!af->http) {
        sw_stream_mem_release(&al->stream, APP_HTTP_COST);
        return 0;
    }
    return 1;
}

void app_http_chunk(sw_app_layer *al, app_flow *af, int to_server, const uint8_t *d, size_t n,
                    int gap)
{
    app_dir *dir = &af->dir[to_server ? 1 : 0];
    if (dir->done)
        return;
    /* After a hole the message boundaries are lost: this direction is not parsed further. */
    if (gap || (!af->http && !http_start(al, af))) {
        dir->done = 1;
        return;
    }
    int hdir = to_server ? SW_HTTP_TO_SERVER : SW_HTTP_TO_CLIENT;
    sw_app_result r = sw_http_feed(af->http, hdir, d, n);
    app_count(al, &r);
    if (sw_http_dir_done(af->http, hdir))
        dir->done = 1;
}

void app_http_end(sw_app_layer *al, app_flow *af, int deliver)
{
    if (!af->http)
        return;
    /* A response delimited by the connection close (RFC 9112 6.3 item 8) completes here. */
    for (int to_server = 0; deliver && to_server < 2; to_server++) {
        al->cur_to_server = to_server;
        sw_app_result r = sw_http_end(af->http, to_server ? SW_HTTP_TO_SERVER : SW_HTTP_TO_CLIENT);
        app_count(al, &r);
    }
    sw_http_free(af->http);
    af->http = NULL;
    sw_stream_mem_release(&al->stream, APP_HTTP_COST);
}
