/* Real captures through decode -> flow table -> stream/app layer: the application observations
 * carry the fields tshark reads from the same files (each command quoted beside its test). */
#include "app-layer.h"
#include "decode.h"
#include "flow.h"
#include "sw-test.h"

#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 64

typedef struct seen {
    unsigned count[SW_OBS_TELNET + 1]; /* the last observation type */
    char text[MAX_TEXT][160];          /* "<type>:<field>" lines in order */
    size_t n_text;
    uint64_t file_bytes;
    uint8_t file_head[8];
    char file_name[128];
    int64_t min_us, max_us; /* packet times of the capture so far */
    unsigned out_of_time;   /* observations not stamped with the time of a packet read so far */
} seen;

static void note(seen *s, const char *kind, const char *value)
{
    if (s->n_text < MAX_TEXT)
        snprintf(s->text[s->n_text++], sizeof(s->text[0]), "%.8s:%.128s", kind, value);
}

static int has(const seen *s, const char *line)
{
    for (size_t i = 0; i < s->n_text; i++)
        if (strcmp(s->text[i], line) == 0)
            return 1;
    return 0;
}

static void on_obs(const sw_observation *o, void *user)
{
    seen *s = user;
    s->count[o->type]++;
    /* Content-rule alerts take their time and packet number from payload observations. */
    int64_t us = o->ts.sec * 1000000 + o->ts.usec;
    if (o->pcap_cnt == 0 || us < s->min_us || us > s->max_us)
        s->out_of_time++;
    char buf[128];
    switch (o->type) {
    case SW_OBS_SSH_BANNER:
        snprintf(buf, sizeof(buf), "SSH-%s-%s", o->u.ssh_banner.proto_version,
                 o->u.ssh_banner.software);
        note(s, "ssh", buf);
        break;
    case SW_OBS_TLS_HELLO:
        if (o->u.tls_hello.to_server)
            note(s, "sni", o->u.tls_hello.sni);
        break;
    case SW_OBS_DNS:
        note(s, "dns", o->u.dns.qname);
        break;
    case SW_OBS_RADIUS:
        note(s, "radius", o->u.radius.user_name);
        break;
    case SW_OBS_SNMP:
        snprintf(buf, sizeof(buf), "%.*s/%02x/%s", (int)o->u.snmp.community.len,
                 (const char *)o->u.snmp.community.data, o->u.snmp.pdu_type,
                 o->u.snmp.n_oids ? o->u.snmp.oids[0] : "");
        note(s, "snmp", buf);
        break;
    case SW_OBS_SYSLOG:
        note(s, "syslog", o->u.syslog.message);
        break;
    case SW_OBS_FTP_COMMAND:
        snprintf(buf, sizeof(buf), "%s %s", o->u.ftp.command, o->u.ftp.argument);
        note(s, "ftp", buf);
        break;
    case SW_OBS_FILE_REQUEST:
        snprintf(buf, sizeof(buf), "%s %s", o->u.file.command, o->u.file.filename);
        note(s, "request", buf);
        break;
    case SW_OBS_TELNET:
        snprintf(buf, sizeof(buf), "%s/%u/%u.%u", o->u.telnet.banner, o->u.telnet.n_options,
                 o->u.telnet.options[0].command, o->u.telnet.options[0].option);
        note(s, "telnet", buf);
        break;
    case SW_OBS_FILE_DATA:
        if (o->u.file.offset == 0 && o->u.file.data.len >= 8)
            memcpy(s->file_head, o->u.file.data.data, 8);
        s->file_bytes += o->u.file.data.len;
        snprintf(s->file_name, sizeof(s->file_name), "%s", o->u.file.filename);
        break;
    default:
        break;
    }
}

static void run(const char *rel, seen *s)
{
    memset(s, 0, sizeof(*s));
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *pc = pcap_open_offline(sw_test_shared(rel), err);
    ck_assert_msg(pc != NULL, "%s: %s", rel, err);
    sw_decode_config dcfg;
    sw_decode_config_defaults(&dcfg);
    sw_flow_config fcfg;
    sw_flow_config_defaults(&fcfg);
    fcfg.seed = 7;
    sw_stream_config scfg;
    sw_stream_config_defaults(&scfg);
    sw_decoder *dec = sw_decoder_new(&dcfg);
    sw_flow_table *ft = sw_flow_table_new(&fcfg, NULL, NULL);
    sw_app_layer *al = sw_app_layer_new(&scfg, on_obs, NULL, s);
    ck_assert(dec && ft && al);
    sw_flow_table_set_slot_free(ft, sw_app_layer_flow_end, al);
    struct pcap_pkthdr *h;
    const u_char *data;
    sw_packet p;
    uint64_t n = 0;
    sw_time last = {0, 0};
    while (pcap_next_ex(pc, &h, &data) == 1) {
        ck_assert_uint_eq(s->out_of_time, 0);
        memset(&p, 0, sizeof(p));
        p.ts.sec = h->ts.tv_sec;
        p.ts.usec = (int32_t)h->ts.tv_usec;
        p.pcap_cnt = ++n;
        p.linktype = pcap_datalink(pc);
        p.data = data;
        p.caplen = h->caplen;
        p.wirelen = h->len;
        last = p.ts;
        int64_t us = p.ts.sec * 1000000 + p.ts.usec;
        if (n == 1 || us < s->min_us)
            s->min_us = us;
        if (n == 1 || us > s->max_us)
            s->max_us = us;
        int layers = sw_decode_packet(dec, &p);
        for (int i = 0; i < layers; i++) {
            sw_flow_ref ref;
            if (sw_flow_table_packet_ref(ft, &p, (unsigned)i, &ref))
                sw_app_layer_packet(al, &p, (unsigned)i, &ref);
        }
    }
    ck_assert_uint_eq(s->out_of_time, 0);
    sw_flow_table_flush(ft, last);
    ck_assert_uint_eq(sw_app_layer_stream_stats(al)->memuse, 0);
    sw_flow_table_free(ft);
    sw_app_layer_free(al);
    sw_decoder_free(dec);
    pcap_close(pc);
}

START_TEST(ssh_banners)
{
    /* tshark -r mgmt/ssh/zeek-ssh-single-conn.pcap -Y ssh.protocol -T fields -e ssh.protocol
     * -> SSH-1.99-OpenSSH_3.9p1, SSH-2.0-OpenSSH_3.8.1p1 */
    seen s;
    run("testdata/mgmt/ssh/zeek-ssh-single-conn.pcap", &s);
    ck_assert(has(&s, "ssh:SSH-1.99-OpenSSH_3.9p1"));
    ck_assert(has(&s, "ssh:SSH-2.0-OpenSSH_3.8.1p1"));
    ck_assert_uint_eq(s.count[SW_OBS_SSH_KEXINIT], 2);
    ck_assert_uint_gt(s.count[SW_OBS_PAYLOAD], 0);
}
END_TEST

START_TEST(telnet_greeting)
{
    /* tshark -r mgmt/telnet/sv-telnet.pcap -Y 'tcp.srcport==23' -T fields -e tcp.payload: the
     * server negotiates 16 options in frames 5-22 (the first "Do Authentication Option", 253 37)
     * while the client (which spoke first) answers, then frame 27 is
     * "\r\nOpenBSD/i386 (oof) (ttyp2)\r\n\r\n". One greeting, the client side never read. */
    seen s;
    run("testdata/mgmt/telnet/sv-telnet.pcap", &s);
    ck_assert_uint_eq(s.count[SW_OBS_TELNET], 1);
    ck_assert(has(&s, "telnet:OpenBSD/i386 (oof) (ttyp2)/16/253.37"));
}
END_TEST

START_TEST(tls_sni)
{
    /* tshark -r http/sv-tls-certs-alert.pcap -Y tls.handshake.extensions_server_name
     *   -T fields -e tls.handshake.extensions_server_name -> example.com */
    seen s;
    run("testdata/http/sv-tls-certs-alert.pcap", &s);
    ck_assert(has(&s, "sni:example.com"));
}
END_TEST

START_TEST(snmp_get)
{
    /* tshark -r mgmt/snmp/zeek-snmpv2_get.pcap -T fields -e snmp.community -e snmp.data
     *   -e snmp.name -> public 0 (get-request) and public 2 (get-response),
     *   1.3.6.1.2.1.2.2.1.17.1 */
    seen s;
    run("testdata/mgmt/snmp/zeek-snmpv2_get.pcap", &s);
    ck_assert(has(&s, "snmp:public/a0/1.3.6.1.2.1.2.2.1.17.1"));
    ck_assert(has(&s, "snmp:public/a2/1.3.6.1.2.1.2.2.1.17.1"));
}
END_TEST

START_TEST(radius_user)
{
    /* tshark -r mgmt/radius/zeek-radius.pcap -T fields -e radius.User_Name -> John.McGuirk */
    seen s;
    run("testdata/mgmt/radius/zeek-radius.pcap", &s);
    ck_assert(has(&s, "radius:John.McGuirk"));
}
END_TEST

START_TEST(dns_names)
{
    /* tshark -r misc/zeek-ipv6-fragmented-dns.pcap -T fields -e dns.qry.name
     * -> txtpadding_323.n1.netalyzr.icsi.berkeley.edu (first) */
    seen s;
    run("testdata/misc/zeek-ipv6-fragmented-dns.pcap", &s);
    ck_assert(has(&s, "dns:txtpadding_323.n1.netalyzr.icsi.berkeley.edu"));
}
END_TEST

START_TEST(syslog_udp)
{
    /* tshark -r mgmt/syslog/zeek-syslog-single-udp.pcap -T fields -e syslog.msg
     * -> "Apr  5 12:56:51 robin: Hello, syslog!" (the text after the header is the message) */
    seen s;
    run("testdata/mgmt/syslog/zeek-syslog-single-udp.pcap", &s);
    ck_assert_uint_eq(s.count[SW_OBS_SYSLOG], 1);
    ck_assert(strstr(s.text[0], "Hello, syslog!") != NULL);
}
END_TEST

START_TEST(ftp_active_retr)
{
    /* tshark -r exfil/ftp/sv-ftp-active-mode.pcap -Y ftp -T fields -e ftp.request.command
     *   -e ftp.request.arg -> PORT 127,0,0,1,156,67 (40003), RETR index.html
     * tshark ... -Y 'tcp.port==40003 && tcp.len>0' -T fields -e tcp.len -e tcp.payload
     *   -> 39 bytes from port 20, starting 75 69 64 3d 30 28 72 6f ("uid=0(ro") */
    seen s;
    run("testdata/exfil/ftp/sv-ftp-active-mode.pcap", &s);
    ck_assert(has(&s, "ftp:USER anonymous"));
    ck_assert(has(&s, "ftp:PASS ***"));
    ck_assert(has(&s, "request:RETR index.html"));
    ck_assert_str_eq(s.file_name, "index.html");
    ck_assert_uint_eq(s.file_bytes, 39);
    ck_assert(memcmp(s.file_head, "uid=0(ro", 8) == 0);
}
END_TEST

START_TEST(ftp_epsv_stor)
{
    /* tshark -r exfil/ftp/sv-ftp-epsv.pcap -T fields -e ftp.request.command -e ftp.request.arg
     * -> RETR resume.doc, STOR README (the data connections are not in this capture) */
    seen s;
    run("testdata/exfil/ftp/sv-ftp-epsv.pcap", &s);
    ck_assert(has(&s, "request:RETR resume.doc"));
    ck_assert(has(&s, "request:STOR README"));
}
END_TEST

START_TEST(tftp_read)
{
    /* tshark -r exfil/tftp/tcpdump-tftp.pcap -T fields -e tftp.opcode -e tftp.source_file
     *   -e udp.length -> RRQ file1; DATA udp.length 524, 524, 117, less 8 (UDP header, RFC 768) and
     * 4 (opcode + block, RFC 1350 5): 512 + 512 + 105 file bytes */
    seen s;
    run("testdata/exfil/tftp/tcpdump-tftp.pcap", &s);
    ck_assert(has(&s, "request:RRQ file1"));
    ck_assert_str_eq(s.file_name, "file1");
    ck_assert_uint_eq(s.file_bytes, 512 + 512 + 105);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app-captures");
    TCase *tc = tcase_create("captures");
    tcase_add_test(tc, ssh_banners);
    tcase_add_test(tc, telnet_greeting);
    tcase_add_test(tc, tls_sni);
    tcase_add_test(tc, snmp_get);
    tcase_add_test(tc, radius_user);
    tcase_add_test(tc, dns_names);
    tcase_add_test(tc, syslog_udp);
    tcase_add_test(tc, ftp_active_retr);
    tcase_add_test(tc, ftp_epsv_stor);
    tcase_add_test(tc, tftp_read);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
