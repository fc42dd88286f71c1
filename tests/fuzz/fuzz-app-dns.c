/* libFuzzer target for the dns parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-dns.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_dns_message out;
    /* Odd sizes take the TCP framing path, even ones the UDP path. */
    sw_app_result r =
        (size & 1) ? sw_dns_parse_tcp(data, size, &out) : sw_dns_parse_udp(data, size, &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
