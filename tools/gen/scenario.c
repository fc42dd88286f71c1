/* seawall-gen: scenario registry (see scenario.h). */
#include "scenario.h"

#include <string.h>

static const gen_scenario scenarios[] = {
    {"tun-001-gre-external", "ST-TUN-001",
     "router 10.10.0.1 <-> 203.0.113.50 GRE carrying inner UDP and ICMP both ways",
     scn_tun001_gre_external},
    {"tun-001-benign", NULL, "the same GRE tunnel to the approved peer 10.40.0.2",
     scn_tun001_benign},
    {"tun-002-ike-external", "ST-TUN-002",
     "router 10.10.0.1 <-> 198.51.100.7 IKEv2 IKE_SA_INIT on UDP 500, then NAT-T on UDP 4500",
     scn_tun002_ike_external},
    {"tun-002-benign", NULL, "the same IKEv2 exchange with the approved peer 10.40.0.3",
     scn_tun002_benign},
    {"tun-003-erspan-ii", "ST-TUN-003",
     "router 10.10.0.2 mirrors a customer TCP session over ERSPAN II to 203.0.113.60",
     scn_tun003_erspan_ii},
    {"tun-003-erspan-iii", "ST-TUN-003",
     "router 10.10.0.2 mirrors a customer TCP session over ERSPAN III to 203.0.113.60",
     scn_tun003_erspan_iii},
    {"tun-003-benign", NULL, "ERSPAN II mirroring to the approved collector 10.30.0.50",
     scn_tun003_benign},
    {"aaa-001-tacacs-rogue", "ST-AAA-001",
     "router 10.10.0.3 sends a TACACS+ authentication START to 198.51.100.49:49",
     scn_aaa001_tacacs_rogue},
    {"aaa-001-benign", NULL, "the same TACACS+ exchange with the AAA server 10.30.0.10",
     scn_aaa001_benign},
    {"aaa-002-radius-rogue", "ST-AAA-002",
     "router 10.10.0.3 sends a RADIUS Access-Request to 203.0.113.18:1812",
     scn_aaa002_radius_rogue},
    {"aaa-002-benign", NULL, "the same RADIUS exchange with the AAA server 10.30.0.11",
     scn_aaa002_benign},
    {"snmp-001-non-nms", "ST-SNMP-001",
     "internal host 10.99.1.5 sends an SNMPv3 authPriv request to router 10.10.0.4, unanswered",
     scn_snmp001_non_nms},
    {"snmp-001-benign", NULL,
     "the NMS 10.30.0.20 polls the router over SNMPv3 authPriv and gets an answer",
     scn_snmp001_benign},
    {"acc-002-xr-operns", "ST-ACC-002",
     "internal host 10.99.2.7 opens an SSH session to IOS XR operns port 10.10.0.5:57722",
     scn_acc002_xr_operns},
    {"acc-002-benign", NULL, "NOC host 10.20.0.5 opens an SSH session to 10.10.0.5:22",
     scn_acc002_benign},
    {"acc-005-external-mgmt", "ST-ACC-005",
     "outside host 203.0.113.99 opens an SSH session to router 10.10.0.6:22",
     scn_acc005_external_mgmt},
    {"acc-005-benign", NULL, "BGP peer 203.0.113.99 opens a BGP session to 10.10.0.6:179",
     scn_acc005_benign},
};

const gen_scenario *gen_scenario_table(size_t *count)
{
    *count = sizeof(scenarios) / sizeof(scenarios[0]);
    return scenarios;
}

const gen_scenario *gen_scenario_find(const char *name)
{
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
        if (strcmp(scenarios[i].name, name) == 0)
            return &scenarios[i];
    return NULL;
}
