/* seawall-gen: Telnet answered on a device's unusual port (ST-ACC-004) and interactive sessions
 * from device loopbacks that are not in the operator's inventory (ST-LAT-001).
 *
 * Hosts: routers 10.10.0.64-66, NOC host 10.20.0.64, loopbacks 10.10.255.0/24 (plan.h), all
 * used by no other scenario, so no baseline learned elsewhere in the combined capture hides
 * these. */
#include "plan.h"
#include "scenario.h"

#include <libnet.h>

#define TELNET_PORT     23   /* RFC 854 */
#define TELNET_ALT_PORT 2323 /* an alternative Telnet port opened on a device */
#define SSH_PORT        22

#define SEC              1000000u
#define PAST_LEARNING_US (61 * SEC) /* the lab's learning-period is 60 s */

/* A Cisco IOS vty greeting: IAC WILL ECHO (RFC 857), IAC WILL SUPPRESS-GO-AHEAD (RFC 858),
 * IAC DO TERMINAL-TYPE (RFC 1091), IAC DO NAWS (RFC 1073), then the login banner. */
static const uint8_t ios_greeting[] = "\xff\xfb\x01\xff\xfb\x03\xff\xfd\x18\xff\xfd\x1f"
                                      "\r\n\r\nUser Access Verification\r\n\r\nUsername: ";
/* The client agrees: IAC DO ECHO, IAC DO SGA, IAC WILL TERMINAL-TYPE, IAC WILL NAWS. */
static const uint8_t client_reply[] = "\xff\xfd\x01\xff\xfd\x03\xff\xfb\x18\xff\xfb\x1f";

/* Handshake, the server's greeting, the client's answer, close: 8 frames. Nothing is typed:
 * the sensor reads only the greeting. */
static int telnet_session(gen_ctx *g, const char *cli, const char *srv, uint16_t port)
{
    gen_flow f;
    if (gen_flow_init(g, &f, IPPROTO_TCP, cli, srv, port) < 0 || craft_tcp_open(g, &f) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_CLIENT, ios_greeting, sizeof(ios_greeting) - 1) < 0 ||
        craft_tcp_data(g, &f, GEN_TO_SERVER, client_reply, sizeof(client_reply) - 1) < 0)
        return -1;
    return craft_tcp_close(g, &f);
}

/* ---- ST-ACC-004: Telnet on a new port of a device, after the learning period ---- */

static int acc004_telnet_learn_then(gen_ctx *g, uint16_t later_port)
{
    if (telnet_session(g, "10.20.0.64", "10.10.0.64", TELNET_PORT) < 0)
        return -1;
    gen_advance(g, PAST_LEARNING_US);
    return telnet_session(g, "10.20.0.64", "10.10.0.64", later_port);
}

int scn_acc004_telnet_port(gen_ctx *g)
{
    return acc004_telnet_learn_then(g, TELNET_ALT_PORT);
}

int scn_acc004_telnet_benign(gen_ctx *g)
{
    return acc004_telnet_learn_then(g, TELNET_PORT);
}

/* ---- ST-LAT-001: a session from a loopback that is not in the inventory ---- */

int scn_lat001_loopback_ssh(gen_ctx *g)
{
    return gen_ssh_session(g, PLAN_LOOPBACK_ROGUE, "10.10.0.65", SSH_PORT, gen_openssh_client);
}

int scn_lat001_loopback_ssh_benign(gen_ctx *g)
{
    return gen_ssh_session(g, PLAN_LOOPBACK_KNOWN_A, "10.10.0.65", SSH_PORT, gen_openssh_client);
}

int scn_lat001_loopback_telnet(gen_ctx *g)
{
    return telnet_session(g, PLAN_LOOPBACK_ROGUE, "10.10.0.66", TELNET_PORT);
}

int scn_lat001_loopback_telnet_benign(gen_ctx *g)
{
    return telnet_session(g, PLAN_LOOPBACK_KNOWN_B, "10.10.0.66", TELNET_PORT);
}
