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
