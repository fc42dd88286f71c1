/* Cisco Smart Install (SMI) messages on TCP/4786. There is no public specification; the header
 * layout is the one the Emerging Threats and Snort community rules match (see
 * /work/shared/docs/detections.md section 1.4): four big-endian 32-bit words. */
#ifndef SEAWALL_SENSOR_APP_SMI_H
#define SEAWALL_SENSOR_APP_SMI_H

#include "app-events.h"

#define SW_SMI_HEADER_LEN 16
/* Longest length field accepted. SIET messages are 0x128..0x408 bytes; the CVE-2018-0171
 * overflow PoC sends a few KiB. More than this is refused rather than buffered. */
#define SW_SMI_MAX_LEN    65536u
#define SW_SMI_PREFIX_LEN 512 /* payload bytes searched for the URL/command markers */

typedef struct sw_smi_message {
    uint32_t version;     /* 1 for director/client messages, 2 for the version exchange */
    uint32_t type_one;    /* always 1 */
    uint32_t msg_type;    /* 2 image upgrade, 3 config upgrade, 7 overflow PoC, 8 backup, ... */
    uint32_t length;      /* payload bytes after the 16-byte header */
    size_t prefix_len;    /* payload bytes present and searched (<= SW_SMI_PREFIX_LEN) */
    uint8_t has_url;      /* "://" in the prefix */
    uint8_t has_tftp_url; /* "tftp://" */
    uint8_t has_copy;     /* "copy " (IOS command, SIET get-config) */
} sw_smi_message;

/* Parses one SMI message. The header is filled as soon as 16 bytes are present and the markers
 * are searched in whatever payload is present. OK: consumed = 16 + length. INCOMPLETE
 * (app.smi.trunc): header or payload not all present. MALFORMED: version not 1 or 2, second word
 * not 1 (app.smi.bad_header), or length above SW_SMI_MAX_LEN. */
sw_app_result sw_smi_parse(const uint8_t *data, size_t len, sw_smi_message *out);

#endif
