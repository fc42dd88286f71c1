/* Telnet greeting parser: RFC 854 (IAC commands, the NVT line end CR LF / CR NUL) and RFC 855
 * (option negotiation and subnegotiation IAC SB ... IAC SE). */
#include "app-telnet.h"

#include "util-cursor.h"

#include <string.h>

/* RFC 854 "TELNET COMMAND STRUCTURE". */
#define CMD_SE   240
#define CMD_SB   250
#define CMD_WILL 251
#define CMD_DONT 254

#define LOGIN_PROBE_BYTES 256 /* bytes of a first segment searched for a login prompt */

typedef struct greeting_state {
    sw_telnet_greeting *out;
    size_t banner_len;  /* characters in out->banner */
    size_t line_bytes;  /* bytes of the current line */
    uint8_t last;       /* last text byte other than a blank, for the prompt test */
    int too_many_noted; /* too_many_options recorded once */
} greeting_state;

/* RFC 855: IAC SB option ... IAC SE, where IAC IAC stands for a data byte 255. The cursor is
 * after "IAC SB". Returns 1 at its end, 0 when cut short; malformed past SW_TELNET_SUBNEG_MAX. */
static int skip_subnegotiation(sw_cursor *c, sw_app_result *r)
{
    for (size_t n = 0; sw_cur_left(c) >= 2; n++) {
        if (n >= SW_TELNET_SUBNEG_MAX) {
            sw_app_malformed(r, SW_APP_EV_TELNET_SUBNEG_TOO_LONG);
            return 0;
        }
        if (sw_cur_peek_u8(c, 0) == SW_TELNET_IAC) {
            uint8_t next = sw_cur_peek_u8(c, 1);
            sw_cur_skip(c, 2);
            if (next == CMD_SE)
                return 1;
            continue;
        }
        sw_cur_skip(c, 1);
    }
    return 0;
}

static void keep_option(greeting_state *g, uint8_t command, uint8_t option, sw_app_result *r)
{
    sw_telnet_greeting *out = g->out;
    if (out->n_options < SW_OBS_TELNET_MAX_OPTIONS) {
        out->options[out->n_options++] = (sw_obs_telnet_option){command, option};
    } else if (!g->too_many_noted) {
        g->too_many_noted = 1;
        sw_app_event_add(r, SW_APP_EV_TELNET_TOO_MANY_OPTIONS);
    }
}

/* One IAC command; the cursor is after the IAC. Returns 1 when read, 0 when cut short (cursor
 * unchanged) or malformed (r says which). A data byte 255 (IAC IAC) is returned as *data. */
static int read_command(greeting_state *g, sw_cursor *c, sw_app_result *r, int *data)
{
    sw_cursor start = *c;
    *data = -1;
    if (sw_cur_left(c) < 1)
        return 0;
    uint8_t cmd = sw_cur_u8(c);
    if (cmd == SW_TELNET_IAC) {
        *data = SW_TELNET_IAC;
        return 1;
    }
    if (cmd < CMD_SE) {
        sw_app_malformed(r, SW_APP_EV_TELNET_BAD_COMMAND);
        return 0;
    }
    if (++g->out->n_commands > SW_TELNET_COMMANDS_MAX) {
        sw_app_malformed(r, SW_APP_EV_TELNET_TOO_MANY_COMMANDS);
        return 0;
    }
    int ok = 1;
    if (cmd >= CMD_WILL && cmd <= CMD_DONT) {
        uint8_t option = sw_cur_u8(c);
        if ((ok = !c->err))
            keep_option(g, cmd, option, r);
    } else if (cmd == CMD_SB) {
        ok = skip_subnegotiation(c, r);
    }
    if (!ok) {
        g->out->n_commands--;
        *c = start;
    }
    return ok;
}

static void add_text(greeting_state *g, uint8_t byte)
{
    if (g->banner_len < SW_TELNET_BANNER_MAX) {
        char ch = byte == '\t' ? ' ' : byte >= 0x20 && byte < 0x7f ? (char)byte : '.';
        g->out->banner[g->banner_len++] = ch;
        g->out->banner[g->banner_len] = '\0';
    }
    if (byte != ' ' && byte != '\t')
        g->last = byte;
}

/* RFC 854: CR is followed by LF or NUL; a bare LF is accepted as servers send it. */
static void skip_line_end(sw_cursor *c, uint8_t first)
{
    uint8_t next = sw_cur_peek_u8(c, 0);
    if (first == '\r' && sw_cur_left(c) > 0 && (next == '\n' || next == '\0'))
        sw_cur_skip(c, 1);
}

static int is_prompt_end(uint8_t last)
{
    return last == ':' || last == '>' || last == '#' || last == '$';
}

static void trim_banner(greeting_state *g)
{
    while (g->banner_len > 0 && g->out->banner[g->banner_len - 1] == ' ')
        g->out->banner[--g->banner_len] = '\0';
}

/* The end of the data: the greeting is over at a prompt or, when no more data will come, after
 * any text or command at all. */
static void at_end(greeting_state *g, int cut, int final, size_t len, sw_app_result *r)
{
    int has_text = g->banner_len > 0;
    trim_banner(g);
    if ((!cut && has_text && is_prompt_end(g->last)) ||
        (final && (has_text || g->out->n_commands))) {
        r->consumed = len;
        return;
    }
    memset(g->out, 0, sizeof(*g->out));
    sw_app_trunc(r, SW_APP_EV_TELNET_TRUNC, 0);
}

sw_app_result sw_telnet_parse_greeting(const uint8_t *data, size_t len, int final,
                                       sw_telnet_greeting *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    greeting_state g = {out, 0, 0, 0, 0};
    int cut = 0;
    memset(out, 0, sizeof(*out));
    while (!cut && sw_cur_left(&c) > 0) {
        int byte = sw_cur_u8(&c);
        if (byte == SW_TELNET_IAC && !read_command(&g, &c, &r, &byte)) {
            if (r.status == SW_APP_MALFORMED) {
                memset(out, 0, sizeof(*out));
                return r;
            }
            cut = 1; /* a command cut short: the greeting is not over */
            continue;
        }
        if (byte < 0)
            continue;
        if (byte == '\r' || byte == '\n' || byte == '\0') {
            if (g.banner_len == 0)
                continue; /* blank lines before the banner */
            if (byte == '\r' && sw_cur_left(&c) == 0 && !final) {
                cut = 1; /* RFC 854: CR LF or CR NUL; wait for the second byte */
                continue;
            }
            skip_line_end(&c, (uint8_t)byte);
            trim_banner(&g);
            r.consumed = c.off;
            return r;
        }
        if (g.banner_len == 0 && (byte == ' ' || byte == '\t'))
            continue;
        if (++g.line_bytes > SW_TELNET_LINE_MAX) {
            memset(out, 0, sizeof(*out));
            sw_app_malformed(&r, SW_APP_EV_TELNET_LINE_TOO_LONG);
            return r;
        }
        add_text(&g, (uint8_t)byte);
    }
    at_end(&g, cut, final, len, &r);
    return r;
}

int sw_telnet_looks_negotiation(const uint8_t *data, size_t len)
{
    sw_cursor c = sw_cur_init(data, len);
    uint8_t cmd = sw_cur_peek_u8(&c, 1);
    return sw_cur_left(&c) >= 3 && sw_cur_peek_u8(&c, 0) == SW_TELNET_IAC &&
           ((cmd >= CMD_WILL && cmd <= CMD_DONT) || cmd == CMD_SB);
}

/* Whether `word` ends just before offset `at` of c. */
static int word_before(const sw_cursor *c, size_t at, const char *word)
{
    size_t n = strlen(word);
    if (at < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (sw_cur_peek_u8(c, at - n + i) != (uint8_t)word[i])
            return 0;
    return 1;
}

/* One pass for ':' (probed on every unknown server chunk, so it stays cheap), then the words. */
int sw_telnet_looks_login(const uint8_t *data, size_t len)
{
    static const char *const prompts[] = {"login", "Username", "Password"};
    sw_cursor c = sw_cur_init(data, len);
    size_t limit = len < LOGIN_PROBE_BYTES ? len : LOGIN_PROBE_BYTES;
    for (size_t at = 0; at + 1 < limit; at++) {
        if (sw_cur_peek_u8(&c, at) != ':' || sw_cur_peek_u8(&c, at + 1) != ' ')
            continue;
        for (size_t i = 0; i < sizeof(prompts) / sizeof(prompts[0]); i++)
            if (word_before(&c, at, prompts[i]))
                return 1;
    }
    return 0;
}
