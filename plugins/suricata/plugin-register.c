/* The plugin's entry point and the EVE file type callbacks in each host's signatures. This is
 * the one file where the two Suricata majors differ (host-7.h, host-8.h); the callbacks only
 * adapt argument types and forward to filetype.c. */
#include "filetype.h"
#include "host.h"

#include <stddef.h>

#ifndef SEAWALL_VERSION
#define SEAWALL_VERSION "0"
#endif
#define SW_PLUGIN_NAME    "seawall"
#define SW_PLUGIN_LICENSE "BSD-2-Clause"
#define SW_PLUGIN_AUTHOR  "Seawall project"

/* Only this symbol is exported (plugin.map); the host finds it with dlsym. */
__attribute__((visibility("default"))) SCPlugin *SCPluginRegister(void);

static int write_record(const char *buffer, int buffer_len, void *init_data, void *thread_data)
{
    if (!init_data || buffer_len < 0)
        return 0;
    return sw_suri_write(init_data, thread_data, buffer, (size_t)buffer_len);
}

static void deinit(void *init_data)
{
    sw_suri_output_free(init_data);
}

#if HOST_MAJOR == 7

static int init_7(ConfNode *conf, bool threaded, void **init_data)
{
    *init_data = sw_suri_output_new(conf, threaded);
    return *init_data ? 0 : -1;
}

static int thread_init_7(void *init_data, int thread_id, void **thread_data)
{
    *thread_data = sw_suri_worker_new(init_data, (uint32_t)thread_id);
    return *thread_data ? 0 : -1;
}

static int thread_deinit_7(void *init_data, void *thread_data)
{
    sw_suri_worker_free(init_data, thread_data);
    return 0;
}

static SCEveFileType seawall_filetype = {
    .name = SW_SURI_FILETYPE_NAME,
    .Init = init_7,
    .Write = write_record,
    .Deinit = deinit,
    .ThreadInit = thread_init_7,
    .ThreadDeinit = thread_deinit_7,
};

#else

static int init_8(const SCConfNode *conf, const bool threaded, void **init_data)
{
    *init_data = sw_suri_output_new(conf, threaded);
    return *init_data ? 0 : -1;
}

/* The host hands init_data back as const; it is ours and mutable (engines, counters). */
static sw_suri_output *own(const void *init_data)
{
    return (sw_suri_output *)(uintptr_t)init_data;
}

static int thread_init_8(const void *init_data, const ThreadId thread_id, void **thread_data)
{
    *thread_data = sw_suri_worker_new(own(init_data), thread_id);
    return *thread_data ? 0 : -1;
}

static int write_8(const char *buffer, const int buffer_len, const void *init_data,
                   void *thread_data)
{
    return write_record(buffer, buffer_len, own(init_data), thread_data);
}

static void thread_deinit_8(const void *init_data, void *thread_data)
{
    sw_suri_worker_free(own(init_data), thread_data);
}

static SCEveFileType seawall_filetype = {
    .name = SW_SURI_FILETYPE_NAME,
    .Init = init_8,
    .ThreadInit = thread_init_8,
    .Write = write_8,
    .ThreadDeinit = thread_deinit_8,
    .Deinit = deinit,
};

#endif

static void plugin_init(void)
{
    if (!SCRegisterEveFileType(&seawall_filetype))
        sw_host_log(SW_HOST_ERROR, "could not register EVE file type '%s' (name taken?)",
                    SW_SURI_FILETYPE_NAME);
}

#if HOST_MAJOR == 7
static SCPlugin seawall_plugin = {
    .name = SW_PLUGIN_NAME,
    .license = SW_PLUGIN_LICENSE,
    .author = SW_PLUGIN_AUTHOR,
    .Init = plugin_init,
};
#else
static SCPlugin seawall_plugin = {
    .version = SC_API_VERSION,
#ifdef SC_PACKAGE_VERSION
    .suricata_version = SC_PACKAGE_VERSION,
#else
    .suricata_version = "8.0.6",
#endif
    .name = SW_PLUGIN_NAME,
    .plugin_version = SEAWALL_VERSION,
    .license = SW_PLUGIN_LICENSE,
    .author = SW_PLUGIN_AUTHOR,
    .Init = plugin_init,
};
#endif

SCPlugin *SCPluginRegister(void)
{
    return &seawall_plugin;
}
