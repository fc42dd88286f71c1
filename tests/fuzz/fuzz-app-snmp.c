/* libFuzzer target for the SNMP parser: any input must parse without a crash or sanitizer report,
 * and a complete message never claims more bytes than it was given. */
#include "app-snmp.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_snmp_message out;
    sw_app_result r = sw_snmp_parse(data, size, &out);
    if (r.status == SW_APP_OK && (r.consumed > size || out.n_oids > SW_SNMP_MAX_OIDS))
        abort();
    return 0;
}
