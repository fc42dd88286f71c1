/* libFuzzer target for the zone CSV parser and the trie built from it (seawall-mmdb's input).
 * Each input is copied to an exactly sized buffer so a one-byte overread is reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geo-zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    if (size)
        memcpy(copy, data, size);
    geo_zone_list list = {0};
    geo_trie trie = {0};
    if (geo_zone_csv_parse(copy, size, "fuzz", &list, NULL) == SW_OK &&
        geo_trie_build(&list, "fuzz", &trie, NULL) == SW_OK) {
        /* the walk must visit only rows that exist */
        geo_trie_free(&trie);
    }
    geo_zone_list_free(&list);
    free(copy);
    return 0;
}
