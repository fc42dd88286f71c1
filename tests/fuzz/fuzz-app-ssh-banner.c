/* libFuzzer target for the SSH banner parser (line scanner included). */
#include "app-ssh.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_ssh_banner out;
    sw_app_result r = sw_ssh_parse_banner(data, size, &out);
    if (r.status == SW_APP_OK && r.consumed > size)
        abort();
    return 0;
}
