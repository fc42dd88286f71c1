/* The Redis sink (like Suricata's redis output): a list (RPUSH, for Logstash/Filebeat readers that
 * pop), a pub/sub channel (PUBLISH, live consumers only) or a stream (XADD key * eve <json>, read
 * with XREAD/XREADGROUP). A batch goes out pipelined: one round trip per batch. */
#include "output-int.h"

#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REDIS_TIMEOUT_MS 2000

static sw_status redis_frame(sw_net_sink *s, const json_t *record, const char *json, size_t len,
                             sw_line *out)
{
    (void)s;
    (void)record;
    out->data = malloc(len ? len : 1);
    if (!out->data)
        return SW_ERR_NOMEM;
    memcpy(out->data, json, len);
    out->len = len;
    return SW_OK;
}

static sw_status redis_connect(sw_net_sink *s, char *errbuf, size_t errlen)
{
    struct timeval tv = {REDIS_TIMEOUT_MS / 1000, (REDIS_TIMEOUT_MS % 1000) * 1000};
    redisContext *c = redisConnectWithTimeout(s->address, s->opt.port, tv);
    if (!c || c->err) {
        snprintf(errbuf, errlen, "connect %s port %u: %s", s->address, s->opt.port,
                 c ? c->errstr : "out of memory");
        redisFree(c);
        return SW_ERR_IO;
    }
    redisSetTimeout(c, tv);
    s->state = c;
    return SW_OK;
}

static int append_command(redisContext *c, const sw_net_sink *s, const sw_line *line)
{
    static const char *const verbs[] = {"RPUSH", "PUBLISH", "XADD"};
    const char *argv[5];
    size_t argl[5];
    int argc = 0;
    argv[argc] = verbs[s->opt.redis_mode];
    argl[argc++] = strlen(verbs[s->opt.redis_mode]);
    argv[argc] = s->key;
    argl[argc++] = strlen(s->key);
    if (s->opt.redis_mode == SW_REDIS_STREAM) {
        argv[argc] = "*"; /* the server assigns the entry id */
        argl[argc++] = 1;
        argv[argc] = "eve";
        argl[argc++] = 3;
    }
    argv[argc] = line->data;
    argl[argc++] = line->len;
    return redisAppendCommandArgv(c, argc, argv, argl);
}

/* Every command is appended, then the replies are read in order: the records before the first
 * failed reply were accepted. */
static sw_status redis_send(sw_net_sink *s, const sw_line *lines, size_t n, size_t *accepted,
                            char *errbuf, size_t errlen)
{
    redisContext *c = s->state;
    *accepted = 0;
    for (size_t i = 0; i < n; i++)
        if (append_command(c, s, &lines[i]) != REDIS_OK) {
            snprintf(errbuf, errlen, "out of memory building a command");
            return SW_ERR_IO;
        }
    for (size_t i = 0; i < n; i++) {
        redisReply *reply = NULL;
        if (redisGetReply(c, (void **)&reply) != REDIS_OK) {
            snprintf(errbuf, errlen, "%s", c->errstr[0] ? c->errstr : "connection lost");
            return SW_ERR_IO;
        }
        int refused = reply->type == REDIS_REPLY_ERROR;
        if (refused)
            snprintf(errbuf, errlen, "server: %.*s", (int)reply->len, reply->str);
        freeReplyObject(reply);
        if (refused)
            return SW_ERR_IO; /* e.g. WRONGTYPE or OOM: retried after a reconnect */
        (*accepted)++;
    }
    return SW_OK;
}

static void redis_disconnect(sw_net_sink *s)
{
    redisFree(s->state);
    s->state = NULL;
}

const sw_net_ops sw_net_redis_ops = {
    "redis", redis_frame, redis_connect, redis_send, redis_disconnect, redis_disconnect,
};
