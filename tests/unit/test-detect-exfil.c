/* ST-EXF-001..004 over hand-made file observations. The file-name table was written by hand from
 * the catalog's regex (docs/detections.md section 5, ST-EXF-001) and cross-checked with Python's
 * re module; pcap magics from the libpcap file format, pcapng from its SHB block type; config
 * markers from ET 2024481 and the catalog. */
#include "detect.h"
#include "helper-detect.h"
#include "sw-test.h"

#include <stdlib.h>
#include <string.h>

#define ROUTER   "10.0.0.1"
#define OUTSIDER "203.0.113.7"
#define ARCHIVE  "10.30.0.30"
#define UDP      17
#define TCP      6

static const struct {
    const char *name;
    int critical;
} names[] = {
    {"tac.pcap", 1},
    {"MYCAP.PCAP", 1},
    {"1.pcap", 1},
    {"dump42.pcap", 1},
    {"running-config", 1},
    {"r1-startup-config", 1},
    {"backup.cfg", 1},
    {"ntp.conf", 1},
    {"x.config", 1},
    {"attack.pcap", 0},
    {"stac.pcap", 1},
    {"capture.pcap", 0},
    {"ios.bin", 0},
    {"1.pcapng", 1},
    {"a.pcap1", 0},
    {"", 0},
    {".pcap", 0},
    {"router-confg", 0},
    {"RUNNING-CONFIG.txt", 1},
};

START_TEST(file_names_match_the_catalog_pattern)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        ck_assert_msg(sw_exfil_name_is_critical(names[i].name) == names[i].critical, "%s",
                      names[i].name);
    ck_assert(sw_exfil_name_is_capture_or_config("capture.pcap"));
    ck_assert(sw_exfil_name_is_capture_or_config("x.PCAPNG"));
    ck_assert(!sw_exfil_name_is_capture_or_config("ios.bin"));
}
END_TEST

static void request(dfx *fx, sw_app_proto proto, const char *command, uint8_t upload,
                    const char *filename, const char *requester, const char *server,
                    uint64_t flow_id)
{
    sw_flow_obs f = dfx_flow(requester, 50000, server, proto == SW_APP_TFTP ? 69 : 21,
                             proto == SW_APP_TFTP ? UDP : TCP, flow_id, 100);
    sw_observation o = dfx_obs(SW_OBS_FILE_REQUEST, 100);
    o.u.file.flow = &f;
    o.u.file.protocol = proto;
    o.u.file.command = command;
    o.u.file.upload = upload;
    o.u.file.filename = filename;
    o.u.file.requester = f.src;
    o.u.file.server = f.dst;
    sw_engine_observe(fx->engine, &o);
}

START_TEST(tftp_from_infra_to_outsider)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    request(&fx, SW_APP_TFTP, "WRQ", 1, "tac.pcap", ROUTER, OUTSIDER, 1);
    request(&fx, SW_APP_TFTP, "RRQ", 0, "c2900.bin", ROUTER, OUTSIDER, 2);
    request(&fx, SW_APP_TFTP, "WRQ", 1, "r1-confg", ROUTER, ARCHIVE, 3);       /* archive: benign */
    request(&fx, SW_APP_TFTP, "WRQ", 1, "tac.pcap", "10.50.0.1", OUTSIDER, 4); /* not infra */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-001"), 2);
    ck_assert_int_eq(fx.alerts[0].severity, SW_SEV_CRITICAL);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "filename"), "tac.pcap");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "command"), "WRQ");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "server"), OUTSIDER);
    ck_assert_int_eq(fx.alerts[1].severity, SW_SEV_HIGH);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(ftp_stor_of_capture_to_outsider)
{
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    request(&fx, SW_APP_FTP, "STOR", 1, "mycap.pcap", ROUTER, OUTSIDER, 1);
    request(&fx, SW_APP_FTP, "STOR", 1, "mycap.pcap", ROUTER, ARCHIVE, 2);
    request(&fx, SW_APP_FTP, "RETR", 0, "notes.txt", ROUTER, OUTSIDER, 3);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-002"), 1);
    const dfx_alert *a = dfx_first(&fx, "ST-EXF-002");
    ck_assert_int_eq(a->severity, SW_SEV_CRITICAL);
    ck_assert_str_eq(dfx_ev(a, "filename"), "mycap.pcap");
    ck_assert_str_eq(dfx_ev(a, "command"), "STOR");
    /* The control command alone, on a new flow, raises it too; on the same flow only once. */
    sw_flow_obs f = dfx_flow(ROUTER, 50001, OUTSIDER, 21, TCP, 1, 100);
    sw_observation o = dfx_obs(SW_OBS_FTP_COMMAND, 101);
    o.u.ftp.flow = &f;
    o.u.ftp.command = "STOR";
    o.u.ftp.argument = "mycap.pcap";
    sw_engine_observe(fx.engine, &o);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-002"), 1);
    f.flow_id = 9;
    sw_engine_observe(fx.engine, &o);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-002"), 2);
    dfx_teardown(&fx);
}
END_TEST

static void data(dfx *fx, uint8_t upload, const char *requester, const char *server,
                 uint64_t flow_id, uint64_t offset, const void *bytes, size_t len)
{
    /* TFTP data: ephemeral ports both ends (RFC 1350 section 4). */
    sw_flow_obs f = dfx_flow(upload ? requester : server, 50123, upload ? server : requester, 50456,
                             UDP, flow_id, 100);
    sw_observation o = dfx_obs(SW_OBS_FILE_DATA, 100);
    o.u.file.flow = &f;
    o.u.file.protocol = SW_APP_TFTP;
    o.u.file.command = upload ? "WRQ" : "RRQ";
    o.u.file.upload = upload;
    o.u.file.filename = "x.bin";
    ck_assert_int_eq(sw_ip_parse(&o.u.file.requester, requester), SW_OK);
    ck_assert_int_eq(sw_ip_parse(&o.u.file.server, server), SW_OK);
    o.u.file.offset = offset;
    /* An exactly sized heap copy, so ASan sees any read past the end. */
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, bytes, len);
    o.u.file.data = (sw_bytes){copy, len};
    sw_engine_observe(fx->engine, &o);
    free(copy);
}

START_TEST(capture_magic_at_offset_zero)
{
    static const uint8_t le[] = {0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00};
    static const uint8_t ng[] = {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00};
    static const uint8_t ns_be[] = {0xa1, 0xb2, 0x3c, 0x4d};
    static const uint8_t not_magic[] = {0xd4, 0xc3, 0xb2, 0xa2};
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    data(&fx, 1, ROUTER, OUTSIDER, 1, 0, le, sizeof(le));
    data(&fx, 1, ROUTER, ARCHIVE, 2, 0, ng, sizeof(ng)); /* fires even to the archive */
    data(&fx, 1, ROUTER, OUTSIDER, 3, 0, ns_be, sizeof(ns_be));
    data(&fx, 1, ROUTER, OUTSIDER, 4, 512, le, sizeof(le));             /* not offset 0 */
    data(&fx, 1, ROUTER, OUTSIDER, 5, 0, not_magic, sizeof(not_magic)); /* one bit off */
    data(&fx, 1, ROUTER, OUTSIDER, 6, 0, le, 3);                        /* truncated */
    data(&fx, 1, OUTSIDER, ROUTER, 7, 0, le, sizeof(le)); /* uploaded by an outsider */
    data(&fx, 0, ROUTER, OUTSIDER, 8, 0, le, sizeof(le)); /* router downloads a pcap */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-003"), 3);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "magic"), "d4c3b2a1");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "format"), "pcap");
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "receiver"), OUTSIDER);
    ck_assert_str_eq(dfx_ev(&fx.alerts[1], "format"), "pcapng");
    ck_assert_str_eq(dfx_ev(&fx.alerts[2], "magic"), "a1b23c4d");
    ck_assert_int_eq(fx.alerts[0].severity, SW_SEV_HIGH);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(config_markers_even_split_across_blocks)
{
    static const char cfg[] = "!\n! Last configuration change at 10:00:01 UTC\n"
                              "hostname r1\nenable secret 9 $9$abc\n";
    dfx fx;
    dfx_setup_lab(&fx, NULL);
    data(&fx, 1, ROUTER, OUTSIDER, 1, 0, cfg, sizeof(cfg) - 1);
    data(&fx, 1, ROUTER, ARCHIVE, 2, 0, cfg, sizeof(cfg) - 1); /* backup: benign */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-004"), 1);
    ck_assert_str_eq(dfx_ev(&fx.alerts[0], "marker"), "! Last configuration change");
    ck_assert(!dfx_any_evidence_contains(&fx, "$9$abc"));
    /* "NVRAM config last update" split over two TFTP blocks of one transfer. */
    data(&fx, 1, ROUTER, OUTSIDER, 3, 0, "xxxxNVRAM config la", 19);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-004"), 1);
    data(&fx, 1, ROUTER, OUTSIDER, 3, 19, "st update at 1", 14);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-004"), 2);
    ck_assert_str_eq(dfx_ev(&fx.alerts[1], "marker"), "NVRAM config last update");
    /* Ordinary text is quiet. */
    data(&fx, 1, ROUTER, OUTSIDER, 4, 0, "enable secre nvram", 18);
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-004"), 2);
    dfx_teardown(&fx);
}
END_TEST

START_TEST(config_scan_limit_and_transfer_cap)
{
    dfx fx;
    dfx_setup_lab(&fx, "detections:\n  ST-EXF-004: {scan-bytes: 64, max-transfers: 16}\n");
    char pad[100];
    memset(pad, 'x', sizeof(pad));
    data(&fx, 1, ROUTER, OUTSIDER, 1, 0, pad, sizeof(pad));
    data(&fx, 1, ROUTER, OUTSIDER, 1, 100, "enable secret 5 x", 17); /* past 64 bytes */
    ck_assert_uint_eq(dfx_count(&fx, "ST-EXF-004"), 0);
    for (uint64_t i = 0; i < 100; i++)
        data(&fx, 1, ROUTER, OUTSIDER, 100 + i, 0, "abc", 3);
    sw_engine_stats st;
    sw_engine_get_stats(fx.engine, &st);
    ck_assert_uint_ge(st.state_dropped, 84);
    dfx_teardown(&fx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("detect-exfil");
    TCase *tc = tcase_create("exfil");
    tcase_add_test(tc, file_names_match_the_catalog_pattern);
    tcase_add_test(tc, tftp_from_infra_to_outsider);
    tcase_add_test(tc, ftp_stor_of_capture_to_outsider);
    tcase_add_test(tc, capture_magic_at_offset_zero);
    tcase_add_test(tc, config_markers_even_split_across_blocks);
    tcase_add_test(tc, config_scan_limit_and_transfer_cap);
    suite_add_tcase(s, tc);
    return sw_test_run(s);
}
