/* libFuzzer target for the tls parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-tls.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_tls_hello out;
    /* Odd sizes fingerprint as QUIC (JA4 "q"), even ones as TCP. */
    sw_app_result r = sw_tls_parse(data, size, (int)(size & 1), &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
