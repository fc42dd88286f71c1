/* Suricata app-layer EVE records to observations (plugins/suricata/eve-map-app.c). Records marked
 * "7.0.17" are lines Suricata wrote for shared/testdata captures (suricata-eve/); the others
 * follow Suricata 8.0.6's etc/schema.json (shared/eve/suricata-eve-schema.json) where 7.0.17's
 * output has no example (HASSH, JA3/JA4, DNS v3). */
#include "eve-map-app.h"
#include "sw-test.h"

#include <string.h>

static json_t *parse(const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(j);
    return j;
}

static void map(const char *text, sw_suri_app *a, sw_status want)
{
    json_t *rec = parse(text);
    ck_assert_int_eq(sw_suri_map_app(rec, a), want);
    json_decref(rec); /* callers read only a->n: the observations point into the record */
}

#define HDR(type, src, sp, dst, dp, proto)                                                \
    "{\"timestamp\":\"2006-06-16T19:18:33.578439+0000\",\"flow_id\":365231709912167,"     \
    "\"pcap_cnt\":7,\"event_type\":\"" type "\",\"src_ip\":\"" src "\",\"src_port\":" #sp \
    ",\"dest_ip\":\"" dst "\",\"dest_port\":" #dp ",\"proto\":\"" proto "\""

/* mgmt/ssh/zeek-ssh-single-conn.pcap, 7.0.17. */
static const char ssh_rec[] =
    HDR("ssh", "192.150.186.169", 49244, "131.159.14.23", 22,
        "TCP") ",\"tx_id\":0,\"ssh\":{"
               "\"client\":{\"proto_version\":\"2.0\",\"software_version\":\"OpenSSH_3.8.1p1\"},"
               "\"server\":{\"proto_version\":\"1.99\",\"software_version\":\"OpenSSH_3.9p1\"}}}";

START_TEST(ssh_both_banners)
{
    json_t *rec = parse(ssh_rec);
    sw_suri_app a;
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 2);
    const sw_obs_ssh_banner *c = &a.obs[0].u.ssh_banner, *s = &a.obs[1].u.ssh_banner;
    ck_assert_int_eq(a.obs[0].type, SW_OBS_SSH_BANNER);
    ck_assert_uint_eq(c->to_server, 1);
    ck_assert_str_eq(c->software, "OpenSSH_3.8.1p1");
    ck_assert_uint_eq(s->to_server, 0);
    ck_assert_str_eq(s->proto_version, "1.99");
    ck_assert_str_eq(s->software, "OpenSSH_3.9p1");
    ck_assert_uint_eq(c->flow->dp, 22);
    ck_assert_uint_eq(c->flow->sp, 49244);
    ck_assert_uint_eq(c->flow->proto, 6);
    ck_assert_uint_eq(c->flow->flow_id, 365231709912167ull);
    ck_assert_int_eq(c->flow->app_proto, SW_APP_SSH);
    ck_assert_int_eq(a.obs[0].ts.sec, 1150485513); /* calendar.timegm of the timestamp */
    ck_assert_uint_eq(a.obs[0].pcap_cnt, 7);
    json_decref(rec);
}
END_TEST

START_TEST(ssh_hassh_gives_kexinit)
{
    char kex[700];
    memset(kex, 'k', sizeof(kex) - 1);
    kex[sizeof(kex) - 1] = '\0';
    char text[2000];
    snprintf(text, sizeof(text),
             HDR("ssh", "10.0.0.1", 40000, "10.10.0.1", 22022,
                 "TCP") ",\"ssh\":{\"client\":{"
                        "\"proto_version\":\"2.0\",\"software_version\":\"Go\",\"hassh\":{\"hash\":"
                        "\"ec7378c1a92f5a8dde7e8b7a1ddf33d1\",\"string\":\"curve25519-sha256,ecdh;"
                        "aes;hmac;"
                        "none\"}},\"server\":{\"proto_version\":\"2.0\",\"software_version\":\"x\","
                        "\"hassh\":{\"hash\":\"h\",\"string\":\"%s;a;b;c\"}}}}",
             kex);
    json_t *rec = parse(text);
    sw_suri_app a;
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 4);
    ck_assert_int_eq(a.obs[1].type, SW_OBS_SSH_KEXINIT);
    ck_assert_str_eq(a.obs[1].u.ssh_kexinit.hassh, "ec7378c1a92f5a8dde7e8b7a1ddf33d1");
    ck_assert_str_eq(a.obs[1].u.ssh_kexinit.kex_algorithms, "curve25519-sha256,ecdh");
    ck_assert_uint_eq(a.obs[1].u.ssh_kexinit.to_server, 1);
    /* A hostile, over-long list is cut to the buffer, never past it. */
    ck_assert_uint_eq(strlen(a.obs[3].u.ssh_kexinit.kex_algorithms), SW_SURI_KEX_MAX - 1);
    ck_assert_uint_eq(a.obs[3].u.ssh_kexinit.to_server, 0);
    json_decref(rec);
}
END_TEST

START_TEST(tls_client_and_server_hello)
{
    json_t *rec = parse(
        HDR("tls", "10.0.0.1", 40000, "10.10.0.1", 18443,
            "TCP") ",\"tls\":{"
                   "\"sni\":\"update.example.net\",\"version\":\"TLS 1.2\",\"ja3\":{"
                   "\"hash\":\"e7d7\",\"string\":\"771,4865\"},\"ja3s\":{\"hash\":\"f4c1\","
                   "\"string\":\"771,49199\"},\"ja4\":\"t13d1516h2_8daaf6152771_02713d6af862\","
                   "\"client_alpns\":[\"h2\",\"http/1.1\"]}}");
    sw_suri_app a;
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 2);
    const sw_obs_tls_hello *c = &a.obs[0].u.tls_hello, *s = &a.obs[1].u.tls_hello;
    ck_assert_uint_eq(c->to_server, 1);
    ck_assert_str_eq(c->sni, "update.example.net");
    ck_assert_str_eq(c->alpn, "h2");
    ck_assert_str_eq(c->ja3_hash, "e7d7");
    ck_assert_str_eq(c->ja4, "t13d1516h2_8daaf6152771_02713d6af862");
    ck_assert_uint_eq(s->to_server, 0);
    ck_assert_uint_eq(s->version, 0x0303);
    ck_assert_str_eq(s->ja3, "771,49199");
    json_decref(rec);
}
END_TEST

/* http/sv-tls-certs-alert.pcap, 7.0.17: no SNI, no JA3, but the server's certificate. */
START_TEST(tls_certificate_only_is_a_server_hello)
{
    json_t *rec =
        parse(HDR("tls", "2a03:b0c0:0002:00d0:0000:0000:0bd3:4001", 48106,
                  "2606:2800:0220:0001:0248:1893:25c8:1946", 443,
                  "TCP") ",\"tls\":{"
                         "\"subject\":\"C=US, CN=www.example.org\",\"issuerdn\":\"C=US\"}}");
    sw_suri_app a;
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 1);
    ck_assert_uint_eq(a.obs[0].u.tls_hello.to_server, 0);
    ck_assert_uint_eq(a.obs[0].u.tls_hello.flow->dst.family, 6);
    json_decref(rec);
    /* A STARTTLS marker record (zeek-ftp-auth-tls.pcap) carries nothing. */
    rec = parse(HDR("tls", "127.0.0.1", 40284, "127.0.0.1", 21, "TCP") ",\"tls\":{"
                                                                       "\"from_proto\":\"ftp\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 0);
    json_decref(rec);
}
END_TEST

/* misc and malformed captures, 7.0.17 (DNS v2): a query, an answer with two A records. */
START_TEST(dns_v2_query_and_answer)
{
    sw_suri_app a;
    json_t *rec =
        parse(HDR("dns", "127.0.0.1", 47123, "127.0.0.53", 53,
                  "UDP") ",\"dns\":{"
                         "\"version\":2,\"type\":\"query\",\"id\":16394,\"rrname\":"
                         "\"connectivity-check.ubuntu.com\",\"rrtype\":\"A\",\"tx_id\":0}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 1);
    ck_assert_uint_eq(a.obs[0].u.dns.to_server, 1);
    ck_assert_uint_eq(a.obs[0].u.dns.id, 16394);
    ck_assert_uint_eq(a.obs[0].u.dns.qtype, 1);
    ck_assert_str_eq(a.obs[0].u.dns.qname, "connectivity-check.ubuntu.com");
    json_decref(rec);
    rec = parse(
        HDR("dns", "127.0.0.1", 47123, "127.0.0.53", 53,
            "UDP") ",\"dns\":{\"version\":2,"
                   "\"type\":\"answer\",\"id\":16394,\"rrname\":\"connectivity-check.ubuntu.com\","
                   "\"rrtype\":\"A\",\"rcode\":\"NXDOMAIN\",\"answers\":[{\"rrname\":\"c\","
                   "\"rrtype\":\"CNAME\",\"rdata\":\"d\"},{\"rrname\":\"d\",\"rrtype\":\"A\","
                   "\"ttl\":414,\"rdata\":\"35.224.99.156\"},{\"rrname\":\"d\",\"rrtype\":\"AAAA\","
                   "\"rdata\":\"2001:4860:0000:2001:0000:0000:0000:0068\"}]}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    const sw_obs_dns *d = &a.obs[0].u.dns;
    ck_assert_uint_eq(d->to_server, 0);
    ck_assert_uint_eq(d->rcode, 3);
    ck_assert_uint_eq(d->n_answers, 2);
    char text[64];
    ck_assert_str_eq(sw_ip_format(&d->answers[0], text, sizeof(text)), "35.224.99.156");
    ck_assert_uint_eq(d->answers[1].family, 6);
    json_decref(rec);
}
END_TEST

START_TEST(dns_grouped_and_v3)
{
    sw_suri_app a;
    json_t *rec =
        parse(HDR("dns", "10.0.0.1", 1920, "10.0.0.53", 53,
                  "UDP") ",\"dns\":{"
                         "\"version\":2,\"type\":\"answer\",\"id\":1,\"rrname\":\"x.example\","
                         "\"rrtype\":\"A\",\"rcode\":\"NOERROR\",\"grouped\":{\"A\":[\"192.0.2.1\","
                         "\"not-an-ip\"],\"CNAME\":[\"y\"]}}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.obs[0].u.dns.n_answers, 1);
    json_decref(rec);
    /* Suricata 8's v3: "request"/"response" and a queries array. */
    rec = parse(
        HDR("dns", "10.0.0.1", 1920, "10.0.0.53", 53,
            "UDP") ",\"dns\":{\"version\":3,"
                   "\"type\":\"response\",\"id\":2,\"rcode\":\"NOERROR\",\"queries\":[{\"rrname\":"
                   "\"c2.example\",\"rrtype\":\"AAAA\"}],\"answers\":[{\"rrname\":\"c2.example\","
                   "\"rrtype\":\"AAAA\",\"rdata\":\"2001:db8::1\"}]}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_str_eq(a.obs[0].u.dns.qname, "c2.example");
    ck_assert_uint_eq(a.obs[0].u.dns.qtype, 28);
    ck_assert_uint_eq(a.obs[0].u.dns.to_server, 0);
    ck_assert_uint_eq(a.obs[0].u.dns.n_answers, 1);
    json_decref(rec);
}
END_TEST

/* mgmt/snmp/zeek-snmpwalk-short.pcap, 7.0.17: the request, and the agent's response that
 * Suricata stamps agent -> manager. */
START_TEST(snmp_request_and_response)
{
    sw_suri_app a;
    json_t *rec =
        parse(HDR("snmp", "138.68.10.203", 37327, "138.68.14.240", 161,
                  "UDP") ",\"snmp\":{\"version\":2,\"pdu_type\":\"get_next_request\",\"vars\":["
                         "\"1.3.6.1.2.1\"],\"community\":\"public\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    const sw_obs_snmp *s = &a.obs[0].u.snmp;
    ck_assert_uint_eq(s->version, 1); /* v2c on the wire */
    ck_assert_uint_eq(s->pdu_type, 0xA1);
    ck_assert_uint_eq(s->to_server, 1);
    ck_assert_uint_eq(s->community.len, 6);
    ck_assert(!memcmp(s->community.data, "public", 6));
    ck_assert_uint_eq(s->n_oids, 1);
    ck_assert_str_eq(s->oids[0], "1.3.6.1.2.1");
    ck_assert_uint_eq(s->flow->dp, 161);
    json_decref(rec);
    rec = parse(HDR("snmp", "138.68.14.240", 161, "138.68.10.203", 37327,
                    "UDP") ",\"snmp\":{\"version\":2,\"pdu_type\":\"response\",\"vars\":[\"1.3.6.1."
                           "2.1.1.1.0\"],"
                           "\"community\":\"public\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    s = &a.obs[0].u.snmp;
    ck_assert_uint_eq(s->to_server, 0);
    ck_assert_uint_eq(s->flow->dp, 161); /* back to the request's orientation */
    char text[64];
    ck_assert_str_eq(sw_ip_format(&s->flow->dst, text, sizeof(text)), "138.68.14.240");
    json_decref(rec);
}
END_TEST

START_TEST(snmp_v3_and_hostile_values)
{
    sw_suri_app a;
    json_t *rec =
        parse(HDR("snmp", "127.0.0.1", 35077, "127.0.0.1", 161,
                  "UDP") ",\"snmp\":{"
                         "\"version\":3,\"pdu_type\":\"get_request\",\"usm\":\"admin\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.obs[0].u.snmp.version, 3);
    ck_assert_str_eq(a.obs[0].u.snmp.v3_user, "admin");
    ck_assert_uint_eq(a.obs[0].u.snmp.community.len, 0);
    json_decref(rec);
    /* More varbinds than the observation holds, and a non-string one. */
    rec = parse(
        HDR("snmp", "10.0.0.2", 40000, "10.0.0.1", 161,
            "UDP") ",\"snmp\":{"
                   "\"version\":1,\"pdu_type\":\"set_request\",\"vars\":[1,\"a\",\"b\",\"c\",\"d\","
                   "\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"],\"community\":\"private\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.obs[0].u.snmp.n_oids, SW_OBS_SNMP_MAX_OIDS);
    ck_assert_str_eq(a.obs[0].u.snmp.oids[0], "a");
    ck_assert_uint_eq(a.obs[0].u.snmp.version, 0);
    json_decref(rec);
    /* A version or PDU Suricata never writes gives nothing rather than a guess. */
    map(HDR("snmp", "10.0.0.2", 1, "10.0.0.1", 161, "UDP") ",\"snmp\":{\"version\":9,"
                                                           "\"pdu_type\":\"get_request\"}}",
        &a, SW_OK);
    ck_assert_uint_eq(a.n, 0);
    map(HDR("snmp", "10.0.0.2", 1, "10.0.0.1", 161, "UDP") ",\"snmp\":{\"version\":2,"
                                                           "\"pdu_type\":\"Unknown(0x1f)\"}}",
        &a, SW_OK);
    ck_assert_uint_eq(a.n, 0);
}
END_TEST

START_TEST(tftp_and_ftp_file_requests)
{
    sw_suri_app a;
    /* exfil/tftp/tcpdump-tftp.pcap, 7.0.17, with "write" for the upload case. */
    json_t *rec =
        parse(HDR("tftp", "192.168.1.2", 44935, "192.168.1.1", 69,
                  "UDP") ",\"tftp\":{"
                         "\"packet\":\"write\",\"file\":\"tac.pcap\",\"mode\":\"octet\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    const sw_obs_file *f = &a.obs[0].u.file;
    ck_assert_int_eq(a.obs[0].type, SW_OBS_FILE_REQUEST);
    ck_assert_int_eq(f->protocol, SW_APP_TFTP);
    ck_assert_uint_eq(f->upload, 1);
    ck_assert_str_eq(f->command, "WRQ");
    ck_assert_str_eq(f->filename, "tac.pcap");
    char text[64];
    ck_assert_str_eq(sw_ip_format(&f->requester, text, sizeof(text)), "192.168.1.2");
    ck_assert_str_eq(sw_ip_format(&f->server, text, sizeof(text)), "192.168.1.1");
    json_decref(rec);
    /* exfil/ftp/zeek-ftp-password-pass-command.pcap and a STOR. */
    rec = parse(HDR(
        "ftp", "192.168.10.132", 1, "192.168.10.188", 21,
        "TCP") ",\"ftp\":{"
               "\"command\":\"PASS\",\"command_data\":\"s3cret\",\"completion_code\":[\"230\"]}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 1);
    ck_assert_str_eq(a.obs[0].u.ftp.argument, "***");
    json_decref(rec);
    rec = parse(HDR("ftp", "10.10.0.1", 1, "203.0.113.9", 21,
                    "TCP") ",\"ftp\":{"
                           "\"command\":\"STOR\",\"command_data\":\"running-config\"}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 2);
    ck_assert_int_eq(a.obs[1].type, SW_OBS_FILE_REQUEST);
    ck_assert_uint_eq(a.obs[1].u.file.upload, 1);
    ck_assert_str_eq(a.obs[1].u.file.filename, "running-config");
    json_decref(rec);
    /* The server's greeting is a transaction without a command. */
    map(HDR("ftp", "1.1.1.2", 1, "2.2.2.1", 21, "TCP") ",\"ftp\":{\"completion_code\":[\"220\"],"
                                                       "\"reply\":[\"ready\"]}}",
        &a, SW_OK);
    ck_assert_uint_eq(a.n, 0);
}
END_TEST

/* http/zeek-http-get.pcap shape, 7.0.17 fields. */
START_TEST(http_request_and_status)
{
    sw_suri_app a;
    json_t *rec =
        parse(HDR("http", "141.142.228.5", 59856, "192.150.187.43", 80,
                  "TCP") ",\"tx_id\":3,\"http\":{\"hostname\":\"bro.org\",\"url\":\"/download/\","
                         "\"http_user_agent\":\"Wget/1.14\",\"http_method\":\"GET\",\"protocol\":"
                         "\"HTTP/1.1\",\"status\":200,\"length\":4705}}");
    ck_assert_int_eq(sw_suri_map_app(rec, &a), SW_OK);
    ck_assert_uint_eq(a.n, 2);
    const sw_obs_http_request *r = &a.obs[0].u.http_request;
    ck_assert_str_eq(r->method, "GET");
    ck_assert_uint_eq(r->tx_id, 3);
    ck_assert_uint_eq(r->host.len, 7);
    ck_assert(!memcmp(r->host.data, "bro.org", 7));
    ck_assert_uint_eq(r->uri.len, 10);
    ck_assert_uint_eq(a.obs[1].u.http_response.status, 200);
    json_decref(rec);
}
END_TEST

START_TEST(unusable_and_unmapped)
{
    sw_suri_app a;
    ck_assert(sw_suri_is_app_record("snmp"));
    ck_assert(!sw_suri_is_app_record("flow"));
    ck_assert(!sw_suri_is_app_record(NULL));
    /* No address, a bad timestamp, no body object, an event type not mapped here. */
    map("{\"event_type\":\"ssh\",\"timestamp\":\"2006-06-16T19:18:33+0000\",\"proto\":\"TCP\","
        "\"ssh\":{}}",
        &a, SW_ERR_INVALID);
    map(HDR("ssh", "10.0.0.1", 1, "10.0.0.2", 22, "TCP") ",\"timestamp\":\"yesterday\",\"ssh\":{}}",
        &a, SW_ERR_INVALID);
    map(HDR("ssh", "10.0.0.1", 1, "10.0.0.2", 22, "TCP") ",\"ssh\":\"x\"}", &a, SW_ERR_INVALID);
    map(HDR("smb", "10.0.0.1", 1, "10.0.0.2", 445, "TCP") ",\"smb\":{}}", &a, SW_ERR_INVALID);
    ck_assert_uint_eq(a.n, 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("suricata-eve-map-app");
    TCase *t = tcase_create("app");
    tcase_add_test(t, ssh_both_banners);
    tcase_add_test(t, ssh_hassh_gives_kexinit);
    tcase_add_test(t, tls_client_and_server_hello);
    tcase_add_test(t, tls_certificate_only_is_a_server_hello);
    tcase_add_test(t, dns_v2_query_and_answer);
    tcase_add_test(t, dns_grouped_and_v3);
    tcase_add_test(t, snmp_request_and_response);
    tcase_add_test(t, snmp_v3_and_hostile_values);
    tcase_add_test(t, tftp_and_ftp_file_requests);
    tcase_add_test(t, http_request_and_status);
    tcase_add_test(t, unusable_and_unmapped);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return sw_test_run(suite());
}
