/* libFuzzer target for the radius parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-radius.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_radius_packet out;
    sw_app_result r = sw_radius_parse(data, size, &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
