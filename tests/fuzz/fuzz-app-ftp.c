/* libFuzzer target for the FTP line parsers: the first byte picks command or reply; any input
 * must parse without a crash or sanitizer report and never consume more than it was given. */
#include "app-ftp.h"
#include "util-cursor.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_ftp_command cmd;
    static sw_ftp_reply reply;
    sw_cursor c = sw_cur_init(data, size);
    uint8_t pick = sw_cur_u8(&c);
    if (c.err)
        return 0;
    const uint8_t *rest = sw_cur_ptr(&c);
    sw_app_result r = (pick & 1) ? sw_ftp_parse_command(rest, size - 1, &cmd)
                                 : sw_ftp_parse_reply(rest, size - 1, &reply);
    if (r.consumed > size - 1)
        abort();
    return 0;
}
