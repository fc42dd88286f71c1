/* The EVE stdout sink, for pipes and containers: fd 1 is borrowed, never closed or reopened. */
#include "output-int.h"

#include <unistd.h>

static sw_status stdout_open(sw_output *o, sw_error *err)
{
    (void)err;
    o->fd = STDOUT_FILENO;
    return SW_OK;
}

static void stdout_close(sw_output *o)
{
    o->fd = -1;
}

const sw_output_ops sw_output_stdout_ops = {stdout_open, stdout_close};
