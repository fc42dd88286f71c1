/* Logging through Suricata's own logger, so Seawall's messages land in suricata.log with the
 * host's format, level filter and outputs. */
#include "host.h"

#include <stdarg.h>
#include <stdio.h>

#define SW_HOST_LOG_MODULE "seawall"

void sw_host_log(sw_host_level level, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    /* The host splits levels across two entry points: errors and warnings go through SCLogErr,
     * the rest through SCLog (util-debug.h of both majors). */
    switch (level) {
    case SW_HOST_ERROR:
        SCLogErr(SC_LOG_ERROR, __FILE__, __func__, __LINE__, SW_HOST_LOG_MODULE, "%s", text);
        break;
    case SW_HOST_WARNING:
        SCLogErr(SC_LOG_WARNING, __FILE__, __func__, __LINE__, SW_HOST_LOG_MODULE, "%s", text);
        break;
    case SW_HOST_NOTICE:
        SCLog(SC_LOG_NOTICE, __FILE__, __func__, __LINE__, SW_HOST_LOG_MODULE, "%s", text);
        break;
    case SW_HOST_INFO:
        SCLog(SC_LOG_INFO, __FILE__, __func__, __LINE__, SW_HOST_LOG_MODULE, "%s", text);
        break;
    }
}
