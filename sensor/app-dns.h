/* DNS messages (RFC 1035 section 4) over UDP, and over TCP with the 2-byte length prefix of
 * RFC 1035 4.2.2: header, questions and A/AAAA answers. */
#ifndef SEAWALL_SENSOR_APP_DNS_H
#define SEAWALL_SENSOR_APP_DNS_H

#include "app-events.h"
#include "common.h"

#define SW_DNS_HEADER_LEN    12
#define SW_DNS_NAME_MAX      256 /* RFC 1035 2.3.4: 255 octets on the wire; text fits 255+NUL */
#define SW_DNS_MAX_QUESTIONS 4   /* questions kept */
#define SW_DNS_MAX_ANSWERS   16  /* A/AAAA answers kept */
#define SW_DNS_MAX_RECORDS   64  /* questions + answers walked; more: app.dns.too_many_records */
#define SW_DNS_MAX_HOPS      32  /* compression pointers followed in one name */

typedef struct sw_dns_question {
    char name[SW_DNS_NAME_MAX]; /* dotted, printable copy; "" for the root */
    uint16_t qtype, qclass;
} sw_dns_question;

typedef struct sw_dns_answer {
    uint16_t rrtype; /* 1 (A) or 28 (AAAA) */
    uint32_t ttl;
    sw_ip addr;
} sw_dns_answer;

typedef struct sw_dns_message {
    uint16_t id, flags;
    uint8_t qr, opcode, aa, tc, rd, ra, rcode; /* RFC 1035 4.1.1 flag fields */
    uint16_t qdcount, ancount, nscount, arcount;
    uint8_t n_questions, n_answers;
    sw_dns_question questions[SW_DNS_MAX_QUESTIONS];
    sw_dns_answer answers[SW_DNS_MAX_ANSWERS];
} sw_dns_message;

/* Parses one DNS message over UDP. OK: consumed = len. INCOMPLETE (app.dns.trunc): the data ends
 * inside the header, a name or a record the counts promise (records before it are kept).
 * MALFORMED: a compression pointer that does not point strictly backwards
 * (app.dns.compression_loop, tcpdump's rule), a label type other than 0 or 3
 * (app.dns.label_too_long), a name over 255 octets (app.dns.name_too_long) or an A/AAAA with the
 * wrong RDLENGTH (app.dns.malformed). Hitting SW_DNS_MAX_RECORDS stops the walk with
 * app.dns.too_many_records but keeps status OK. Authority and additional sections are not read. */
sw_app_result sw_dns_parse_udp(const uint8_t *data, size_t len, sw_dns_message *out);

/* As sw_dns_parse_udp for one message on a TCP stream: 2-byte length then the message.
 * consumed = 2 + length; a length below 12 is app.dns.malformed. */
sw_app_result sw_dns_parse_tcp(const uint8_t *data, size_t len, sw_dns_message *out);

#endif
