/* What several fuzz targets build on and load once per process: the shipped catalog (engines
 * need the built-in detections' ids) and a configuration with every default. A failure is the
 * tree's, not the input's: abort. */
#ifndef SEAWALL_FUZZ_SHIPPED_H
#define SEAWALL_FUZZ_SHIPPED_H

#include "engine.h"

#include <stdlib.h>

static inline const sw_catalog *fuzz_shipped_catalog(void)
{
    static sw_catalog *cat;
    if (!cat && sw_catalog_load_file(SW_SOURCE_DIR "/signatures/catalog.yaml", &cat, NULL) != SW_OK)
        abort();
    return cat;
}

static inline const sw_engine_config *fuzz_default_config(void)
{
    static sw_engine_config *cfg;
    if (!cfg && !(cfg = sw_engine_config_new()))
        abort();
    return cfg;
}

#endif
