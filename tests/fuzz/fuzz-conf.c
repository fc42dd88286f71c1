/* libFuzzer target: arbitrary bytes as a sensor config, through the YAML tree and the engine's
 * networks/detections sections. Must never crash, leak or read out of bounds. */
#include "engine.h"

#include <stddef.h>
#include <stdint.h>

/* A fixed one-entry catalog so `detections:` ids can be both known and unknown. */
static const char catalog_text[] = "detections:\n"
                                   "  - id: ST-TUN-001\n"
                                   "    sid: 9100401\n"
                                   "    rev: 1\n"
                                   "    signature: \"SEAWALL ST-TUN-001 fuzz\"\n"
                                   "    category: \"Misc activity\"\n"
                                   "    severity: high\n"
                                   "    attack: [T1572]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sw_catalog *cat = NULL;
    if (sw_catalog_load_string(catalog_text, sizeof(catalog_text) - 1, "catalog", &cat, NULL) !=
        SW_OK)
        return 0;
    sw_conf_node *root = NULL;
    sw_error err;
    if (sw_conf_load_string((const char *)data, size, "fuzz.yaml", &root, &err) == SW_OK) {
        sw_engine_config *cfg = sw_engine_config_new();
        if (cfg)
            (void)sw_engine_config_apply(cfg, root, cat, &err);
        char msg[1024];
        sw_error_format(&err, msg, sizeof(msg));
        sw_engine_config_free(cfg);
    }
    sw_conf_free(root);
    sw_catalog_free(cat);
    return 0;
}
