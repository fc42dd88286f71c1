/* libFuzzer target for the ssh parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-ssh.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_ssh_kexinit out;
    sw_app_result r = sw_ssh_parse_packet(data, size, &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
