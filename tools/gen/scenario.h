/* seawall-gen: the scenario registry. Each scenario writes one short, self-contained exchange
 * built on the lab address plan (plan.h). A positive scenario raises exactly its catalog id on a
 * sensor configured with that plan; its benign twin (catalog_id NULL) raises nothing. */
#ifndef SEAWALL_GEN_SCENARIO_H
#define SEAWALL_GEN_SCENARIO_H

#include "craft.h"

#include <stddef.h>

/* Writes the scenario's frames through g. Returns 0, or -1 with g->err set. */
typedef int (*gen_scenario_fn)(gen_ctx *g);

typedef struct gen_scenario {
    const char *name;        /* command-line name, e.g. "tun-001-gre-external" */
    const char *catalog_id;  /* "ST-TUN-001", or NULL for a benign twin */
    const char *description; /* one line for --list */
    gen_scenario_fn run;
    /* Further ids the positive necessarily raises with the lab config, space-separated, when the
     * catalog makes one id alone impossible (e.g. an SNMP sweep is always from a non-NMS source,
     * so ST-SNMP-001 fires too); NULL for most. Tests expect exactly catalog_id plus these. */
    const char *also_raises;
} gen_scenario;

/* The registry, in catalog order; borrowed static data. */
const gen_scenario *gen_scenario_table(size_t *count);
/* NULL when no scenario has that name. */
const gen_scenario *gen_scenario_find(const char *name);

/* Scenario bodies, one file per family. */
int scn_tun001_gre_external(gen_ctx *g);
int scn_tun001_benign(gen_ctx *g);
int scn_tun002_ike_external(gen_ctx *g);
int scn_tun002_benign(gen_ctx *g);
int scn_tun003_erspan_ii(gen_ctx *g);
int scn_tun003_erspan_iii(gen_ctx *g);
int scn_tun003_benign(gen_ctx *g);
int scn_aaa001_tacacs_rogue(gen_ctx *g);
int scn_aaa001_benign(gen_ctx *g);
int scn_aaa002_radius_rogue(gen_ctx *g);
int scn_aaa002_benign(gen_ctx *g);
int scn_snmp001_non_nms(gen_ctx *g);
int scn_acc002_xr_operns(gen_ctx *g);
int scn_acc002_benign(gen_ctx *g);
int scn_acc005_external_mgmt(gen_ctx *g);
int scn_acc005_benign(gen_ctx *g);
/* scn-behaviour.c, scn-snmp-ops.c, scn-exfil.c: the behavioural detections. */
int scn_aaa003_tacacs_cleartext(gen_ctx *g);
int scn_aaa_tacacs_benign(gen_ctx *g);
int scn_aaa004_tacacs_in_gre(gen_ctx *g);
int scn_aaa004_over_approved_gre(gen_ctx *g);
int scn_aaa004_erspan_to_collector(gen_ctx *g);
int scn_snmp001_benign_v3(gen_ctx *g);
int scn_snmp002_set_config_copy(gen_ctx *g);
int scn_snmp_v3_get_benign(gen_ctx *g);
int scn_snmp003_community_sweep(gen_ctx *g);
int scn_snmp003_benign(gen_ctx *g);
int scn_snmp004_v2c_from_nms(gen_ctx *g);
int scn_exf001_tftp_config(gen_ctx *g);
int scn_exf001_benign(gen_ctx *g);
int scn_exf002_ftp_stor_capture(gen_ctx *g);
int scn_exf002_benign(gen_ctx *g);
int scn_exf003_tftp_capture(gen_ctx *g);
int scn_exf003_benign(gen_ctx *g);
int scn_exf004_ftp_config_markers(gen_ctx *g);
int scn_exf004_benign(gen_ctx *g);
int scn_eva002_syslog_rogue(gen_ctx *g);
int scn_eva002_benign(gen_ctx *g);
int scn_tun004_gre_one_way(gen_ctx *g);
int scn_tun004_benign(gen_ctx *g);
int scn_exp006_smi_probe(gen_ctx *g);
int scn_exp006_benign(gen_ctx *g);
int scn_exp007_smi_get_config(gen_ctx *g);
int scn_exp007_benign(gen_ctx *g);
/* scn-exploit.c: HTTP exploit requests for the content rules. */
int scn_exp001_wsma_bypass(gen_ctx *g);
int scn_exp001_split(gen_ctx *g);
int scn_exp001_reordered(gen_ctx *g);
int scn_exp001_case(gen_ctx *g);
int scn_exp001_benign(gen_ctx *g);
int scn_exp008_ivanti_traversal(gen_ctx *g);
int scn_exp008_benign(gen_ctx *g);
int scn_exp010_sessid_traversal(gen_ctx *g);
int scn_exp010_benign(gen_ctx *g);
int scn_exp013_level_exec(gen_ctx *g);
int scn_exp013_benign(gen_ctx *g);
/* scn-exploit2.c: HTTP exploit requests for the remaining content rules. */
int scn_exp002_wsma_add_user(gen_ctx *g);
int scn_exp002_split(gen_ctx *g);
int scn_exp002_plain_path(gen_ctx *g);
int scn_exp002_benign(gen_ctx *g);
int scn_exp003_implant_check(gen_ctx *g);
int scn_exp003_case(gen_ctx *g);
int scn_exp003_nginx_404(gen_ctx *g);
int scn_exp003_benign(gen_ctx *g);
int scn_exp004_install_injection(gen_ctx *g);
int scn_exp004_reordered(gen_ctx *g);
int scn_exp004_benign(gen_ctx *g);
int scn_exp005_tac_admin_cookie(gen_ctx *g);
int scn_exp005_benign(gen_ctx *g);
int scn_exp009_cloud_test(gen_ctx *g);
int scn_exp009_keys_status(gen_ctx *g);
int scn_exp009_case(gen_ctx *g);
int scn_exp009_benign(gen_ctx *g);
int scn_exp011_dropped_file(gen_ctx *g);
int scn_exp011_glyphicons(gen_ctx *g);
int scn_exp011_benign(gen_ctx *g);
int scn_exp012_proxylogon(gen_ctx *g);
int scn_exp012_split(gen_ctx *g);
int scn_exp012_oab_setobject(gen_ctx *g);
int scn_exp012_benign(gen_ctx *g);

/* Shared by the behavioural families (scn-behaviour2.c): handshake, server then client SSH
 * identification (RFC 4253 section 4.2), close: 8 frames. */
extern const char gen_openssh_client[];
int gen_ssh_session(gen_ctx *g, const char *cli, const char *srv, uint16_t port,
                    const char *client_banner);

/* scn-behaviour2.c: behavioural detections (access, lateral, evasion, containers, IOC, sweeps). */
int scn_acc001_ssh_high_port(gen_ctx *g);
int scn_acc001_benign(gen_ctx *g);
int scn_acc003_web_18xxx(gen_ctx *g);
int scn_acc003_benign(gen_ctx *g);
int scn_acc004_new_server_port(gen_ctx *g);
int scn_acc004_benign(gen_ctx *g);
int scn_acc006_ioc_address(gen_ctx *g);
int scn_acc006_benign(gen_ctx *g);
int scn_lat001_new_device_pair(gen_ctx *g);
int scn_lat001_benign(gen_ctx *g);
int scn_lat002_ssh_outside(gen_ctx *g);
int scn_lat002_benign(gen_ctx *g);
int scn_lat003_go_client(gen_ctx *g);
int scn_lat003_benign(gen_ctx *g);
int scn_lat004_relay_chain(gen_ctx *g);
int scn_lat004_benign(gen_ctx *g);
int scn_eva001_syslog_silence(gen_ctx *g);
int scn_eva001_benign(gen_ctx *g);
int scn_eva001_device_down(gen_ctx *g);
int scn_con001_container_egress(gen_ctx *g);
int scn_con001_benign(gen_ctx *g);
int scn_c2001_dns_ioc_domain(gen_ctx *g);
int scn_c2001_benign(gen_ctx *g);
int scn_scan001_exploit_sweep(gen_ctx *g);
int scn_scan001_benign(gen_ctx *g);

/* scn-telnet.c: Telnet on devices and sessions from device loopbacks (ST-ACC-004, ST-LAT-001). */
int scn_acc004_telnet_port(gen_ctx *g);
int scn_acc004_telnet_benign(gen_ctx *g);
int scn_lat001_loopback_ssh(gen_ctx *g);
int scn_lat001_loopback_ssh_benign(gen_ctx *g);
int scn_lat001_loopback_telnet(gen_ctx *g);
int scn_lat001_loopback_telnet_benign(gen_ctx *g);

#endif
