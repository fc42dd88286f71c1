/* seawall-gen: one HTTP exchange (see http-exchange.h). */
#include "http-exchange.h"

#include <libnet.h>
#include <string.h>

#define HTTP_PORT 80

int gen_http_exchange(gen_ctx *g, const char *cli, const char *srv, const char *request,
                      const char *response, gen_http_mode mode)
{
    return gen_http_exchange_port(g, cli, srv, HTTP_PORT, request, response, mode);
}

int gen_http_exchange_port(gen_ctx *g, const char *cli, const char *srv, uint16_t port,
                           const char *request, const char *response, gen_http_mode mode)
{
    static const size_t reorder[] = {3, 0, 5, 1, 4, 2};
    const uint8_t *req = (const uint8_t *)request;
    size_t len = strlen(request);
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, cli, srv, port) < 0 || craft_tcp_open(g, &f) < 0)
        return -1;
    int rc = mode == GEN_HTTP_SPLIT ? craft_tcp_data_split(g, &f, GEN_TO_SERVER, req, len, 9)
             : mode == GEN_HTTP_REORDERED
                 ? craft_tcp_data_permuted(g, &f, GEN_TO_SERVER, req, len, 6, reorder)
                 : craft_tcp_data(g, &f, GEN_TO_SERVER, req, len);
    if (rc < 0)
        return -1;
    if (response &&
        craft_tcp_data(g, &f, GEN_TO_CLIENT, (const uint8_t *)response, strlen(response)) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}
