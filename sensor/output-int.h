/* Private to the output module: what each sink kind provides. */
#ifndef SEAWALL_SENSOR_OUTPUT_INT_H
#define SEAWALL_SENSOR_OUTPUT_INT_H

#include "json-write.h"
#include "output.h"

typedef struct sw_output_ops {
    /* Opens the destination into o->fd; SW_ERR_IO with err filled on failure. */
    sw_status (*open)(sw_output *o, sw_error *err);
    /* Closes o->fd if the sink owns it. */
    void (*close)(sw_output *o);
} sw_output_ops;

struct sw_output {
    const sw_output_ops *ops;
    char *path; /* owned; NULL for stdout */
    int fd;
    sw_jbuf lines;      /* serialised lines not yet written */
    size_t buf_records; /* records in buf, to count them as dropped on failure */
    size_t buffer_size; /* flush threshold; 0 = write each record */
    sw_output_stats stats;
    char last_error[256];
};

extern const sw_output_ops sw_output_file_ops;
extern const sw_output_ops sw_output_stdout_ops;

/* Remembers "what: strerror(errnum)" as the sink's last error. */
void sw_output_set_error(sw_output *o, const char *what, int errnum);

#endif
