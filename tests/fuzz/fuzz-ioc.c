/* libFuzzer target: IOC list parsing and matching on arbitrary bytes. */
#include "ioc.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_ioc_set *set = sw_ioc_set_new();
    if (!set)
        return 0;
    size_t added = 0, bad = 0;
    sw_ioc_set_parse(set, data, size, "fuzz", NULL, NULL, &added, &bad);
    sw_ip ip;
    if (sw_ip_parse(&ip, "45.125.67.144") == SW_OK)
        sw_ioc_match_ip(set, &ip);
    sw_ioc_match_domain(set, "a.b.example.com");
    sw_ioc_match_domain(set, "vpn1.softether.net.");
    sw_ioc_set_free(set);
    return 0;
}
