/* SSH banner and KEXINIT parser, RFC 4253 sections 4.2, 6 and 7.1; HASSH per salesforce/hassh. */
#include "app-ssh.h"

#include "util-cursor.h"
#include "util-hash.h"
#include "util-line.h"

#include <stdio.h>
#include <string.h>

static int starts_with_ssh(const sw_cursor *line)
{
    return sw_cur_left(line) >= 4 && sw_cur_peek_u8(line, 0) == 'S' &&
           sw_cur_peek_u8(line, 1) == 'S' && sw_cur_peek_u8(line, 2) == 'H' &&
           sw_cur_peek_u8(line, 3) == '-';
}

/* "SSH-protoversion-softwareversion SP comments" (RFC 4253 4.2). */
static int split_banner(sw_cursor *line, sw_ssh_banner *out)
{
    sw_cur_skip(line, 4);
    size_t dash = sw_line_find(line, '-', sizeof(out->proto_version) - 1);
    if (dash == SW_LINE_NOT_FOUND || dash == 0)
        return 0;
    sw_text_copy(line, dash, out->proto_version, sizeof(out->proto_version));
    sw_cur_skip(line, 1);
    size_t sp = sw_line_find(line, ' ', sw_cur_left(line));
    size_t soft = sp == SW_LINE_NOT_FOUND ? sw_cur_left(line) : sp;
    if (soft == 0)
        return 0;
    sw_text_copy(line, soft, out->software_version, sizeof(out->software_version));
    if (sp != SW_LINE_NOT_FOUND) {
        sw_cur_skip(line, 1);
        sw_text_copy(line, sw_cur_left(line), out->comments, sizeof(out->comments));
    }
    return 1;
}

sw_app_result sw_ssh_parse_banner(const uint8_t *data, size_t len, sw_ssh_banner *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len), line;
    memset(out, 0, sizeof(*out));
    for (unsigned n = 0; n <= SW_SSH_PRELINES_MAX; n++) {
        sw_line_status st = sw_line_next(&c, SW_SSH_BANNER_MAX, &line);
        if (st == SW_LINE_NEED_MORE) {
            sw_app_trunc(&r, SW_APP_EV_SSH_TRUNC, 0);
            return r;
        }
        if (st == SW_LINE_TOO_LONG) {
            sw_app_malformed(&r, SW_APP_EV_SSH_BANNER_TOO_LONG);
            return r;
        }
        if (!starts_with_ssh(&line)) {
            out->pre_banner_lines++;
            continue;
        }
        if (!split_banner(&line, out)) {
            memset(out, 0, sizeof(*out));
            sw_app_malformed(&r, SW_APP_EV_SSH_BANNER_MALFORMED);
            return r;
        }
        r.consumed = c.off;
        return r;
    }
    sw_app_malformed(&r, SW_APP_EV_SSH_BANNER_MALFORMED);
    return r;
}

/* RFC 4251 5: name-list = uint32 length + comma-separated ASCII names. */
static int read_namelist(sw_cursor *p, char *dst, sw_app_result *r)
{
    uint32_t n = sw_cur_be32(p);
    if (p->err || n > sw_cur_left(p)) {
        sw_app_malformed(r, SW_APP_EV_SSH_PACKET_MALFORMED);
        return 0;
    }
    if (n >= SW_SSH_NAMELIST_MAX) {
        sw_app_malformed(r, SW_APP_EV_SSH_NAMELIST_TOO_LONG);
        return 0;
    }
    sw_text_copy(p, n, dst, SW_SSH_NAMELIST_MAX);
    return 1;
}

static void hassh(const char *kex, const char *enc, const char *mac, const char *cmp, char *out)
{
    char text[4 * SW_SSH_NAMELIST_MAX + 4];
    int n = snprintf(text, sizeof(text), "%s;%s;%s;%s", kex, enc, mac, cmp);
    sw_md5_hex(text, n > 0 ? (size_t)n : 0, out);
}

static void read_kexinit(sw_cursor *payload, sw_ssh_kexinit *out, sw_app_result *r)
{
    char lang[SW_SSH_NAMELIST_MAX];
    char *lists[10] = {out->kex,     out->host_key, out->enc_c2s, out->enc_s2c, out->mac_c2s,
                       out->mac_s2c, out->cmp_c2s,  out->cmp_s2c, lang,         lang};
    if (!sw_cur_skip(payload, 16)) { /* cookie */
        sw_app_malformed(r, SW_APP_EV_SSH_PACKET_MALFORMED);
        return;
    }
    for (int i = 0; i < 10; i++)
        if (!read_namelist(payload, lists[i], r))
            return;
    hassh(out->kex, out->enc_c2s, out->mac_c2s, out->cmp_c2s, out->hassh);
    hassh(out->kex, out->enc_s2c, out->mac_s2c, out->cmp_s2c, out->hassh_server);
}

sw_app_result sw_ssh_parse_packet(const uint8_t *data, size_t len, sw_ssh_kexinit *out)
{
    sw_app_result r = sw_app_result_ok();
    sw_cursor c = sw_cur_init(data, len);
    memset(out, 0, sizeof(*out));
    uint32_t packet_len = sw_cur_be32(&c);
    if (c.err) {
        sw_app_trunc(&r, SW_APP_EV_SSH_TRUNC, 4 - len);
        return r;
    }
    if (packet_len > SW_SSH_MAX_PACKET || packet_len < 5) {
        sw_app_malformed(&r, SW_APP_EV_SSH_PACKET_MALFORMED);
        return r;
    }
    if (sw_cur_left(&c) < packet_len) {
        sw_app_trunc(&r, SW_APP_EV_SSH_TRUNC, packet_len - sw_cur_left(&c));
        return r;
    }
    sw_cursor pkt = sw_cur_sub(&c, packet_len);
    uint8_t padding = sw_cur_u8(&pkt);
    /* RFC 4253 6: at least 4 bytes of padding, and a payload of at least the message code. */
    if (padding < 4 || (size_t)padding + 1 > sw_cur_left(&pkt)) {
        sw_app_malformed(&r, SW_APP_EV_SSH_PACKET_MALFORMED);
        return r;
    }
    sw_cursor payload = sw_cur_sub(&pkt, sw_cur_left(&pkt) - padding);
    out->msg_code = sw_cur_u8(&payload);
    if (out->msg_code == SW_SSH_MSG_KEXINIT)
        read_kexinit(&payload, out, &r);
    if (r.status == SW_APP_OK)
        r.consumed = 4 + (size_t)packet_len;
    return r;
}
