/* libFuzzer target for the tftp parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-tftp.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_tftp_packet out;
    sw_app_result r = sw_tftp_parse(data, size, &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
