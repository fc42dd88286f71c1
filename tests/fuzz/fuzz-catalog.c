/* libFuzzer target: arbitrary bytes as a detection catalog. Must never crash, leak or read out of
 * bounds; a catalog that loads must answer look-ups for each of its entries. */
#include "catalog.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_catalog *cat = NULL;
    sw_error err;
    if (sw_catalog_load_string((const char *)data, size, "fuzz.yaml", &cat, &err) != SW_OK) {
        char msg[1024];
        sw_error_format(&err, msg, sizeof(msg));
        return 0;
    }
    for (size_t i = 0; i < sw_catalog_count(cat); i++) {
        const sw_catalog_entry *e = sw_catalog_at(cat, i);
        /* Ids and sids were checked unique: each must find its own entry. */
        if (sw_catalog_find(cat, e->id) != e || sw_catalog_find_sid(cat, e->sid) != e)
            abort();
    }
    sw_catalog_free(cat);
    return 0;
}
