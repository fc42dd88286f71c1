/* libFuzzer target for the Telnet greeting parser, both as a stream still open and at its end
 * (the first byte picks which; the rest is the server's bytes). */
#include "app-telnet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int final = data[0] & 1;
    sw_telnet_greeting g;
    sw_app_result r = sw_telnet_parse_greeting(data + 1, size - 1, final, &g);
    if (r.status == SW_APP_OK && r.consumed > size - 1)
        abort();
    if (g.n_options > SW_OBS_TELNET_MAX_OPTIONS || strlen(g.banner) > SW_TELNET_BANNER_MAX)
        abort();
    if (r.status != SW_APP_OK && (g.banner[0] || g.n_options))
        abort(); /* nothing is reported from a greeting that did not parse */
    (void)sw_telnet_looks_login(data, size);
    (void)sw_telnet_looks_negotiation(data, size);
    return 0;
}
