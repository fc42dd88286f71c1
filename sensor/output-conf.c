/* Builds an EVE sink from one `outputs:` entry of the sensor config (docs/eve.md, "Sinks"). */
#include "output.h"

#include <string.h>

#define OUTPUT_MAX_BUFFER (16u << 20)

sw_status sw_output_new_from_conf(const sw_conf_node *node, sw_output **out, sw_error *err)
{
    static const char *const allowed[] = {"type", "path", "buffer-size", NULL};
    *out = NULL;
    if (!node || sw_conf_kind_of(node) != SW_CONF_MAP)
        return sw_conf_error(node, "outputs", err, "each output must be a map with a `type`");
    sw_status st = sw_conf_check_keys(node, allowed, "outputs", err);
    if (st != SW_OK)
        return st;

    const char *type = NULL;
    sw_output_options opt = {0, NULL, 0};
    uint64_t buffer_size = 0;
    if ((st = sw_conf_get_str(node, "type", &type, err)) != SW_OK ||
        (st = sw_conf_get_str(node, "path", &opt.path, err)) != SW_OK ||
        (st = sw_conf_get_u64(node, "buffer-size", 0, OUTPUT_MAX_BUFFER, &buffer_size, err)) !=
            SW_OK)
        return st;
    opt.buffer_size = (size_t)buffer_size;
    if (type && strcmp(type, "file") == 0)
        opt.kind = SW_OUTPUT_FILE;
    else if (type && strcmp(type, "stdout") == 0)
        opt.kind = SW_OUTPUT_STDOUT;
    else
        return sw_conf_error(node, "type", err, "output type must be `file` or `stdout` (got %s)",
                             type ? type : "nothing");
    if (opt.kind == SW_OUTPUT_FILE && !opt.path)
        return sw_conf_error(node, "path", err, "a file output needs `path`");
    return sw_output_new(&opt, out, err);
}
