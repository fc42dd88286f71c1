/* A plugin that claims plugin API 0x0700 in 8.0's layout: the 8.0 host must refuse it before
 * calling anything in it (suricata-8.0.6 src/util-plugin.c, version comparison). */
#include "host-8.h"

#include <stdlib.h>

SCPlugin *SCPluginRegister(void);

static void never_called(void)
{
    abort();
}

static SCPlugin stale = {
    .version = 0x0700,
    .suricata_version = "7.0.17",
    .name = "stale",
    .plugin_version = "0",
    .license = "BSD-2-Clause",
    .author = "Seawall tests",
    .Init = never_called,
};

SCPlugin *SCPluginRegister(void)
{
    return &stale;
}
