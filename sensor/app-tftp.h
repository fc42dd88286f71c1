/* TFTP packets (RFC 1350 section 5; OACK from RFC 2347). */
#ifndef SEAWALL_SENSOR_APP_TFTP_H
#define SEAWALL_SENSOR_APP_TFTP_H

#include "app-events.h"

#define SW_TFTP_NAME_MAX    256 /* file name, mode and error text kept up to 255 chars */
#define SW_TFTP_MODE_MAX    16
#define SW_TFTP_MAX_OPTIONS 16 /* RFC 2347 option pairs counted, then app.tftp.too_many_options */

enum {
    SW_TFTP_RRQ = 1,
    SW_TFTP_WRQ = 2,
    SW_TFTP_DATA = 3,
    SW_TFTP_ACK = 4,
    SW_TFTP_ERROR = 5,
    SW_TFTP_OACK = 6,
};

typedef struct sw_tftp_packet {
    uint16_t opcode;
    char filename[SW_TFTP_NAME_MAX]; /* RRQ/WRQ, printable copy */
    char mode[SW_TFTP_MODE_MAX];     /* RRQ/WRQ: "netascii", "octet", "mail" */
    uint16_t block;                  /* DATA and ACK */
    size_t payload_off, payload_len; /* DATA: where the data sits in the input */
    uint16_t error_code;             /* ERROR */
    char error_msg[SW_TFTP_NAME_MAX];
    uint8_t n_options; /* RRQ/WRQ/OACK option name/value pairs (RFC 2347) */
} sw_tftp_packet;

/* Parses one TFTP datagram. OK: consumed = len. INCOMPLETE (app.tftp.trunc): the datagram ends
 * inside a fixed field or before a string's NUL (as tcpdump's tftp_print treats it). MALFORMED:
 * unknown opcode, or a string longer than SW_TFTP_NAME_MAX with no NUL. */
sw_app_result sw_tftp_parse(const uint8_t *data, size_t len, sw_tftp_packet *out);

#endif
