/* The EVE file sink: one file, appended to, reopened by path for logrotate. O_APPEND makes each
 * write() land at the current end even if another writer shares the file. */
#include "output-int.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* rw-r-----: the log holds internal addresses and evidence; group read for the SIEM shipper. */
#define EVE_FILE_MODE 0640

static sw_status file_open(sw_output *o, sw_error *err)
{
    int fd = open(o->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, EVE_FILE_MODE);
    if (fd < 0) {
        int errnum = errno;
        sw_output_set_error(o, o->path, errnum);
        return sw_error_set(err, SW_ERR_IO, o->path, 0, "path",
                            "cannot open the EVE file for appending: %s", o->last_error);
    }
    o->fd = fd;
    return SW_OK;
}

static void file_close(sw_output *o)
{
    if (o->fd >= 0)
        close(o->fd);
    o->fd = -1;
}

const sw_output_ops sw_output_file_ops = {file_open, file_close};
