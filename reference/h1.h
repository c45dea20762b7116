/*
 * h1 — the reference HTTP/1.1 parser and serializer of h1conform.
 *
 * This header is the manual. The parser is the oracle the rest of the suite
 * stands on: with no leniency flag set it accepts exactly the messages that
 * RFC 9112 (message syntax and framing) and the message rules of RFC 9110
 * allow, and wherever the RFCs let a recipient choose between rejecting and
 * repairing, it rejects. Every rejection names one row of the error table
 * (h1_errors.def): a stable name, a message, the RFC section, and the byte
 * offset in the stream where the problem was found.
 *
 * Design
 *  - I/O free: bytes in, events out. The caller owns all buffers; the parser
 *    never allocates. Spans in events point into the caller's buffer.
 *  - Incremental: the caller presents the unconsumed bytes of the stream,
 *    starting where the previous call stopped consuming, followed by any new
 *    bytes. Parsing the same stream split at any points gives exactly the
 *    same events, fields, errors and offsets.
 *  - Full framing (RFC 9112 §6.3) on both sides, including chunked decoding,
 *    trailers, persistence and the end of a message at connection close.
 *
 * The calling loop
 *
 *     struct h1_parser p;
 *     struct h1_field fields[100];
 *     h1_parser_init(&p, H1_REQUEST, fields, 100);
 *     for (;;) {
 *         append received bytes to buf (buf[0..len) are the unconsumed bytes);
 *         for (;;) {
 *             size_t used;
 *             int rc = h1_parse(&p, buf, len, &used, &ev);
 *             drop the first 'used' bytes of buf (after using ev's spans);
 *             if (rc == H1_OK) handle ev, continue;
 *             if (rc == H1_NEED_MORE) break;      -> read more
 *             if (rc == H1_DONE) stop reading;    -> close, tunnel or upgrade
 *             rc == H1_VIOLATION: p.error says what, where and why.
 *         }
 *     }
 *     at end of input: h1_finish(&p, &ev) until it returns H1_DONE.
 *
 * The bytes of a header or trailer section are consumed only when the whole
 * section has been parsed, so the buffer must be able to hold the section
 * (the limits bound it). Content is delivered and consumed as it arrives.
 */
#ifndef H1_H
#define H1_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return statuses of h1_parse() and h1_finish(). */
enum h1_status {
	H1_OK = 0,         /* an event was produced in *ev */
	H1_NEED_MORE = 1,  /* all presented bytes are used or must be presented again with more */
	H1_DONE = 2,       /* the stream carries no further HTTP/1.1 messages (see h1_parser.done) */
	H1_VIOLATION = -1, /* protocol violation; sticky until h1_parser_reset(); see h1_parser.error */
	H1_EINVAL = -2     /* API misuse (NULL argument, call after H1_DONE); the parser is unchanged */
};

/* The violation codes. H1_E_NONE is 0; the others come from the table. */
enum h1_error_code {
	H1_E_NONE = 0,
#define X(num, id, name, section, message) H1_E_##id = num,
#include "h1_errors.def" /* next to this header, in the tree and installed */
#undef X
	H1_E__LAST
};

/* What the parser reports when it rejects the input. */
struct h1_error {
	int code;            /* enum h1_error_code */
	uint64_t offset;     /* stream offset of the offending byte (0 = first byte ever presented) */
	const char *name;    /* stable identifier, e.g. "te-and-cl" */
	const char *section; /* e.g. "RFC 9112 §6.1" */
	const char *message; /* one sentence */
};

/* Error table lookups; NULL for unknown codes or names. */
const char *h1_error_name(int code);
const char *h1_error_section(int code);
const char *h1_error_message(int code);
int h1_error_from_name(const char *name); /* H1_E_NONE if unknown */
/* Nonzero for a code the parser no longer reports (kept so that old results
 * and baselines that name it still resolve). */
int h1_error_retired(int code);

/*
 * Leniency flags. Each is off by default and relaxes exactly one rule to
 * model what popular servers tolerate. The comment states the effect and the
 * risk: a parser that tolerates something its peer in a chain does not is
 * how request smuggling and response splitting happen (RFC 9112 §11).
 */
enum h1_lenient {
	/* LF alone ends a line (RFC 9112 §2.2 MAY). Risk: a front end that
	 * splits on CRLF only sees one line where we see two. */
	H1_LENIENT_BARE_LF = 1u << 0,
	/* obs-fold accepted and read as one SP (RFC 9112 §5.2). Risk: peers that
	 * read the continuation line as a new field disagree on field values. */
	H1_LENIENT_OBS_FOLD = 1u << 1,
	/* whitespace between field name and colon is ignored. Risk: high; the
	 * classic "Transfer-Encoding : chunked" smuggling vector. */
	H1_LENIENT_WS_BEFORE_COLON = 1u << 2,
	/* an HTTP/1.1 request without Host is accepted. Risk: routing by a
	 * default host that a front end may not share. */
	H1_LENIENT_MISSING_HOST = 1u << 3,
	/* "METHOD target CRLF" is an HTTP/0.9 request with no headers or body.
	 * Risk: the response has no status line; caches and proxies get confused. */
	H1_LENIENT_HTTP09 = 1u << 4,
	/* Transfer-Encoding and Content-Length together: Transfer-Encoding wins
	 * and the message is marked must-close (RFC 9112 §6.1 MAY). Risk: the
	 * CL.TE / TE.CL smuggling family when a peer picks the other. */
	H1_LENIENT_TE_AND_CL = 1u << 5,
	/* OWS allowed around the chunk-size before CRLF or ';'. Risk: a peer
	 * that stops at the space reads a different size. */
	H1_LENIENT_CHUNK_SIZE_WS = 1u << 6,
	/* a Content-Length list or repeated field with one value is that value
	 * (RFC 9110 §8.6 MAY). Risk: low; a peer may take only the first field. */
	H1_LENIENT_CL_LIST = 1u << 7,
	/* request-line elements may be separated by runs of SP/HTAB/VT/FF/CR
	 * (RFC 9112 §3 MAY). Risk: "GET /a HTTP/1.1 x" style ambiguity. */
	H1_LENIENT_REQUEST_LINE_WS = 1u << 8,
	/* a CR not followed by LF in a field value is read as SP (RFC 9112 §2.2
	 * MAY). Risk: peers that treat CR as a line end see a new field. */
	H1_LENIENT_BARE_CR = 1u << 9,
	/* control characters other than CR, LF and NUL are kept in field values
	 * (RFC 9110 §5.5 MAY). Risk: low; log and terminal injection downstream. */
	H1_LENIENT_CTL_IN_VALUE = 1u << 10,
	/* a status line may omit the SP after the status code. Risk: low. */
	H1_LENIENT_STATUS_NO_SP = 1u << 11,
	/* 1xx and 204 responses may carry Content-Length or Transfer-Encoding,
	 * which are ignored for framing. Risk: a peer that honours them reads
	 * the next response as content. */
	H1_LENIENT_NO_BODY_FRAMING = 1u << 12,
	/* Transfer-Encoding is accepted in HTTP/1.0 messages. Risk: HTTP/1.0
	 * peers ignore it and read the chunks as the next message. */
	H1_LENIENT_TE_HTTP10 = 1u << 13,
	/* unknown transfer codings are accepted as long as chunked is final.
	 * Risk: low for framing; the content may be undecodable. */
	H1_LENIENT_TE_UNKNOWN = 1u << 14,
	/* request-targets may contain bytes URIs forbid but servers commonly
	 * pass through: " < > \ ^ ` { | } and obs-text. Risk: cache-key and
	 * log confusion; never whitespace or controls. */
	H1_LENIENT_TARGET_CHARS = 1u << 15,
	/* a request may carry several identical Host field lines. Risk: peers
	 * may route by a different line when they differ, so only identical
	 * values are tolerated. */
	H1_LENIENT_HOST_DUPLICATE = 1u << 16,
	/* Content-Length, Transfer-Encoding and Host are accepted (and ignored)
	 * in trailers. Risk: peers that merge trailers into the header section. */
	H1_LENIENT_TRAILER_FIELDS = 1u << 17,
};
#define H1_LENIENT__COUNT 18

/* Name of one flag ("bare-lf"), NULL if not a single known flag. */
const char *h1_lenient_name(unsigned flag);
/* Parse a comma-separated list of flag names ("bare-lf,obs-fold", or "all").
 * Returns 0 and sets *flags, or -1 and points *bad at the unknown name's
 * first byte within list. */
int h1_lenient_parse(const char *list, unsigned *flags, const char **bad);

/* A run of bytes inside the caller's buffer. Not NUL-terminated. */
struct h1_span {
	const char *p;
	size_t len;
};

/* One field line. The value has its leading and trailing OWS removed. */
struct h1_field {
	struct h1_span name;
	struct h1_span value;
	unsigned flags; /* H1_FIELD_* */
};
/* The value span contains obs-fold or bare CR accepted under a leniency
 * flag; use h1_field_value_copy() to get the repaired value. */
#define H1_FIELD_NEEDS_REPAIR 1u

/* Copy a field value with each obs-fold and each bare CR (accepted through
 * leniency) replaced by one SP, as RFC 9112 §5.2 and §2.2 prescribe.
 * Writes at most cap bytes to out; returns the full repaired length (a
 * result larger than cap means out was too small). out may be NULL if cap is 0. */
size_t h1_field_value_copy(const struct h1_field *f, char *out, size_t cap);

enum h1_kind { H1_REQUEST = 1, H1_RESPONSE = 2 };

enum h1_target_form {
	H1_FORM_NONE = 0, /* responses, HTTP/0.9 */
	H1_FORM_ORIGIN,
	H1_FORM_ABSOLUTE,
	H1_FORM_AUTHORITY,
	H1_FORM_ASTERISK
};

/* How the length of the content is determined (RFC 9112 §6.3). */
enum h1_body {
	H1_BODY_NONE = 0, /* no content (HEAD, 1xx, 204, 304, no CL/TE request) */
	H1_BODY_LENGTH,   /* Content-Length bytes */
	H1_BODY_CHUNKED,  /* chunked coding, then trailers */
	H1_BODY_CLOSE,    /* response content until the connection closes */
	H1_BODY_TUNNEL    /* 2xx to CONNECT or 101: no more HTTP/1.1 after the head */
};

/* Message flags. */
#define H1_MSG_KEEP_ALIVE      0x01u /* the connection persists after this message */
#define H1_MSG_CLOSE           0x02u /* Connection: close present */
#define H1_MSG_EXPECT_CONTINUE 0x04u /* Expect: 100-continue (requests) */
#define H1_MSG_UPGRADE         0x08u /* Connection: upgrade and an Upgrade field */
#define H1_MSG_HAS_TE          0x10u /* a Transfer-Encoding field was present */
#define H1_MSG_HAS_CL          0x20u /* a Content-Length field was present */
#define H1_MSG_LENIENT         0x40u /* accepted only because of a leniency flag */

/* The head of a message, reported by the H1_EV_HEAD event. Spans point into
 * the buffer passed to that h1_parse() call. */
struct h1_head {
	int kind;              /* enum h1_kind */
	struct h1_span method; /* requests */
	struct h1_span target; /* requests */
	int target_form;       /* enum h1_target_form */
	int status;            /* responses: 100..599 */
	struct h1_span reason; /* responses; may be empty */
	int version_major;     /* 1 (0 for HTTP/0.9) */
	int version_minor;
	struct h1_field *fields; /* the array given to h1_parser_init() */
	size_t nfields;
	int host_index;          /* index of the Host field in fields, or -1 */
	int body;                /* enum h1_body */
	uint64_t content_length; /* when body == H1_BODY_LENGTH */
	unsigned flags;          /* H1_MSG_* */
};

enum h1_event_type {
	H1_EV_HEAD = 1, /* ev.head is valid */
	H1_EV_DATA,     /* ev.data: a piece of content, chunked coding removed */
	H1_EV_TRAILERS, /* ev.head.fields / ev.head.nfields: the trailer fields. They reuse
			     * the field array, so the head's fields are gone by now. */
	H1_EV_END       /* the message is complete */
};

/* Only the members named for an event's type are set; the others keep
 * whatever they held (the parser does not clear the whole struct per event). */
struct h1_event {
	int type;            /* enum h1_event_type */
	struct h1_head head; /* H1_EV_HEAD, and fields for H1_EV_TRAILERS */
	struct h1_span data; /* H1_EV_DATA */
	uint64_t offset;     /* stream offset where the event's bytes start */
};

/* Limits. A value of 0 in h1_parser_init() means the default. */
struct h1_limits {
	size_t start_line; /* bytes in the request-line or status-line, CRLF excluded; default 8192 */
	size_t field_line; /* bytes in one field line, CRLF excluded; default 8192 */
	size_t fields;     /* field lines in a header or trailer section; default 100 (capped by the array) */
	size_t head;       /* bytes of a whole header or trailer section; default 65536 */
	size_t chunk_ext;  /* bytes of extensions on one chunk-size line; default 4096 */
};

/*
 * Parser state. Treat every member as private except those documented as
 * readable; the struct is public only so callers can place it anywhere.
 */
struct h1_parser {
	/* configuration (set through init; 'lenient' may be changed between messages) */
	int kind;
	unsigned lenient;
	struct h1_limits limits;
	struct h1_field *fields;
	size_t fields_cap;

	/* readable */
	struct h1_error error; /* valid after H1_VIOLATION */
	uint64_t consumed;     /* total bytes consumed so far */
	unsigned messages;     /* messages completed */
	int done;              /* after H1_DONE: enum h1_done, why the stream ended */

	/* private */
	int state;
	int req_method;   /* response mode: method class of the request answered */
	size_t scan;      /* bytes of the current section already parsed */
	size_t line_scan; /* bytes of the current line already searched for LF */
	size_t nfields;
	int pending; /* a field line waits to know whether a fold follows */
	int host_index;
	unsigned flags;
	int body;
	uint64_t remaining; /* content bytes left (length or current chunk) */
	uint64_t content_length;
	int cl_seen;
	int te_seen;
	int te_chunked_final;
	int te_chunked_count;
	int te_unknown;
	int start_seen;                           /* the start line has been parsed */
	int method_class;                         /* request mode: class of the current request's method */
	int keepalive_token;                      /* Connection: keep-alive */
	int conn_upgrade;                         /* Connection: upgrade */
	int upgrade_field;                        /* an Upgrade field is present */
	size_t te_off, cl_off, host_off, end_off; /* section offsets for end-of-head errors */
	struct h1_head head; /* the head being built; spans hold offsets until complete */
};

/*
 * Prepare p to parse a stream of requests (H1_REQUEST) or responses
 * (H1_RESPONSE). fields/cap is caller storage for field lines; it must stay
 * valid while p is used. limits may be NULL for the defaults. lenient is a
 * set of H1_LENIENT_* flags. Returns H1_OK or H1_EINVAL.
 */
int h1_parser_init(struct h1_parser *p, int kind, struct h1_field *fields, size_t cap,
                   const struct h1_limits *limits, unsigned lenient);

/* Forget the stream: back to the state right after h1_parser_init(),
 * keeping the configuration. Clears a sticky violation. */
void h1_parser_reset(struct h1_parser *p);

/*
 * Response mode: the method of the request the next response answers. It
 * decides framing: no content after HEAD, a tunnel after 2xx to CONNECT.
 * Call before the first byte of each final response; interim (1xx)
 * responses answer the same request. The method is compared exactly
 * (methods are case-sensitive). Default: GET.
 */
void h1_parser_set_request_method(struct h1_parser *p, const char *method, size_t len);

/*
 * Parse. buf[0..len) are the stream's unconsumed bytes: whatever the last
 * call did not consume, followed by new bytes. On return *consumed bytes of
 * buf are used up and must not be presented again.
 *
 * Returns
 *   H1_OK         an event in *ev. Spans in ev point into buf and stay valid
 *                 as long as the caller keeps those bytes.
 *   H1_NEED_MORE  nothing to report until more bytes arrive.
 *   H1_DONE       no further HTTP/1.1 messages follow on this stream: the
 *                 last message asked for close, or switched to a tunnel or
 *                 another protocol. Remaining bytes are not HTTP/1.1 (or must
 *                 be ignored, RFC 9112 §9.6). p->done says which.
 *   H1_VIOLATION  the input violates the RFCs; p->error has the details.
 *                 Sticky: every later call returns H1_VIOLATION.
 *   H1_EINVAL     bad arguments.
 */
int h1_parse(struct h1_parser *p, const char *buf, size_t len, size_t *consumed, struct h1_event *ev);

/*
 * The stream ended (the peer closed the connection). buf/len are the
 * unconsumed bytes still held, as for h1_parse(). Returns H1_OK with the
 * remaining events one call at a time (content until close ends with
 * H1_EV_END), H1_DONE once nothing is left, or H1_VIOLATION for a message
 * cut short (incomplete-head, incomplete-body) or a violation found in the
 * held bytes.
 */
int h1_finish(struct h1_parser *p, const char *buf, size_t len, size_t *consumed, struct h1_event *ev);

/* Why h1_parse()/h1_finish() returned H1_DONE (h1_parser.done). */
enum h1_done {
	H1_DONE_NOT = 0, /* not done */
	H1_DONE_EOF,     /* end of input between messages */
	H1_DONE_CLOSE,   /* the last message ends the connection (close, HTTP/1.0, content until close) */
	H1_DONE_TUNNEL, /* a CONNECT request, or a 2xx response to CONNECT: the bytes that follow are a tunnel */
	H1_DONE_UPGRADE /* a 101 response: the bytes that follow are another protocol */
};

/* Method helpers. */
int h1_method_is(struct h1_span m, const char *name);

/* ---------------------------------------------------------------------- */
/* Serializer: a message description to canonical bytes.                  */

/* A message to serialize. For requests set method/target; for responses
 * status/reason. version_minor is 0 or 1. Fields are written in order, as
 * "name: value" CRLF. When chunked is set, the content is written as chunks
 * of at most chunk_size bytes (0: one chunk), then the trailers. The caller
 * supplies Content-Length / Transfer-Encoding fields itself; the serializer
 * checks that they agree with chunked/content. */
struct h1_message {
	int kind;
	struct h1_span method, target;
	int status;
	struct h1_span reason;
	int version_minor;
	const struct h1_field *fields;
	size_t nfields;
	const struct h1_field *trailers;
	size_t ntrailers;
	struct h1_span content;
	int chunked;
	size_t chunk_size;
	const struct h1_span *chunk_exts; /* optional: one raw extension string per chunk (";a=b") */
	size_t nchunk_exts;
};

/*
 * Write m as bytes into out[0..cap). *len receives the full length needed.
 * Returns H1_OK when it fit and the strict parser reads the bytes back as
 * one message framed as described; H1_NEED_MORE when cap was too small (call
 * again with a buffer of *len bytes; only then is the output checked, so
 * that call may still refuse it); H1_EINVAL when m cannot be a valid message
 * (bad token, control byte in a value, a missing or duplicate Host, framing
 * fields that disagree with the content, ...), with *bad_code set to the
 * H1_E_* code the strict parser reports for it. The check parses the output
 * once, so it costs about as much as the parse; at most 256 fields and 256
 * trailers can be checked.
 */
int h1_serialize(const struct h1_message *m, char *out, size_t cap, size_t *len, int *bad_code);

#ifdef __cplusplus
}
#endif
#endif
