/* SSH identification banner (RFC 4253 section 4.2) and KEXINIT (RFC 4253 7.1) with the HASSH and
 * HASSHServer fingerprints (salesforce/hassh: md5 of "kex;enc;mac;cmp"). */
#ifndef SEAWALL_SENSOR_APP_SSH_H
#define SEAWALL_SENSOR_APP_SSH_H

#include "app-events.h"

#define SW_SSH_BANNER_MAX   255   /* RFC 4253 4.2: at most 255 characters including CR LF */
#define SW_SSH_PRELINES_MAX 16    /* lines a server may send before its banner that we skip */
#define SW_SSH_MAX_PACKET   35000 /* RFC 4253 6.1: packets up to 35000 bytes must be handled */
#define SW_SSH_NAMELIST_MAX 1024  /* one name-list kept; longer is app.ssh.namelist_too_long */
#define SW_SSH_MSG_KEXINIT  20

typedef struct sw_ssh_banner {
    char proto_version[16]; /* "2.0", "1.99" */
    char software_version[SW_SSH_BANNER_MAX + 1];
    char comments[SW_SSH_BANNER_MAX + 1];
    uint8_t pre_banner_lines; /* other lines before the banner (RFC 4253 4.2 allows them) */
} sw_ssh_banner;

/* Parses the identification line, skipping up to SW_SSH_PRELINES_MAX earlier lines. OK: consumed
 * covers the banner line and anything before it. INCOMPLETE (app.ssh.trunc): no complete banner
 * line yet. MALFORMED: a line over 255 bytes (app.ssh.banner_too_long), "SSH-" without a
 * "-softwareversion" or too many lines before it (app.ssh.banner_malformed). */
sw_app_result sw_ssh_parse_banner(const uint8_t *data, size_t len, sw_ssh_banner *out);

typedef struct sw_ssh_kexinit {
    uint8_t msg_code; /* first payload byte; the lists below are filled only when it is 20 */
    char kex[SW_SSH_NAMELIST_MAX];
    char host_key[SW_SSH_NAMELIST_MAX];
    char enc_c2s[SW_SSH_NAMELIST_MAX], enc_s2c[SW_SSH_NAMELIST_MAX];
    char mac_c2s[SW_SSH_NAMELIST_MAX], mac_s2c[SW_SSH_NAMELIST_MAX];
    char cmp_c2s[SW_SSH_NAMELIST_MAX], cmp_s2c[SW_SSH_NAMELIST_MAX];
    char hassh[33];        /* md5("kex;enc_c2s;mac_c2s;cmp_c2s"): meaningful from the client */
    char hassh_server[33]; /* md5("kex;enc_s2c;mac_s2c;cmp_s2c"): meaningful from the server */
} sw_ssh_kexinit;

/* Parses one unencrypted binary packet (RFC 4253 6): uint32 packet_length, byte padding_length,
 * payload, padding. OK: consumed = 4 + packet_length; for a KEXINIT the lists and both hashes are
 * filled. INCOMPLETE (app.ssh.trunc). MALFORMED (app.ssh.packet_malformed): packet_length above
 * SW_SSH_MAX_PACKET, padding under 4 or not fitting, a name-list running past the payload; or a
 * name-list over SW_SSH_NAMELIST_MAX (app.ssh.namelist_too_long). */
sw_app_result sw_ssh_parse_packet(const uint8_t *data, size_t len, sw_ssh_kexinit *out);

#endif
