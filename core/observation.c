/* Names for observation enums, as they appear in EVE and in operator messages. */
#include "observation.h"

const char *sw_tunnel_kind_name(sw_tunnel_kind kind)
{
    switch (kind) {
    case SW_TUNNEL_NONE:
        return "none";
    case SW_TUNNEL_GRE:
        return "GRE";
    case SW_TUNNEL_ERSPAN:
        return "ERSPAN";
    case SW_TUNNEL_IPIP:
        return "IPIP";
    case SW_TUNNEL_6IN4:
        return "6in4";
    case SW_TUNNEL_4IN6:
        return "4in6";
    case SW_TUNNEL_6IN6:
        return "6in6";
    }
    return "unknown";
}

const char *sw_app_proto_name(sw_app_proto proto)
{
    static const char *const names[SW_APP_COUNT] = {
        [SW_APP_UNKNOWN] = "failed", [SW_APP_SSH] = "ssh",           [SW_APP_TLS] = "tls",
        [SW_APP_HTTP] = "http",      [SW_APP_DNS] = "dns",           [SW_APP_SNMP] = "snmp",
        [SW_APP_TACACS] = "tacacs",  [SW_APP_RADIUS] = "radius",     [SW_APP_TFTP] = "tftp",
        [SW_APP_FTP] = "ftp",        [SW_APP_FTP_DATA] = "ftp-data", [SW_APP_SYSLOG] = "syslog",
        [SW_APP_SMI] = "smi",        [SW_APP_TELNET] = "telnet",
    };
    if ((unsigned)proto >= SW_APP_COUNT)
        return "failed";
    return names[proto];
}
