/*
 * Ferry plugin ABI — the binary contract between the ferry host and a plugin
 * shared object. Plain C on purpose: no C++ or msgpack-c type crosses it, so a
 * plugin does not depend on the host's compiler, standard library or library
 * versions.
 *
 * Version rule (one sentence): a plugin loads when its ABI major equals the
 * host's and its ABI minor is not newer than the host's; structs carry their
 * size and only grow by appending, so a newer host reads an older plugin.
 *
 * Naming: ferry_plugin_* is what the plugin exports (host calls it, "on_"
 * style callbacks); ferry_host_api members are functions the plugin calls.
 * Ownership: "host-owned" pointers stay valid for the duration of the call
 * unless stated otherwise; the plugin copies what it keeps.
 *
 * Threading: the host never runs two callbacks of the same instance at the
 * same time, but it may run them on any of its worker threads. Every
 * ferry_host_api function is thread-safe unless its comment says otherwise.
 */
#ifndef FERRY_ABI_H
#define FERRY_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FERRY_ABI_MAJOR 1
#define FERRY_ABI_MINOR 2

/* The one symbol a plugin exports. */
#define FERRY_PLUGIN_ENTRY_SYMBOL "ferry_plugin_entry"

#if defined(__GNUC__)
#define FERRY_EXPORT __attribute__((visibility("default")))
#else
#define FERRY_EXPORT
#endif

/* ---------------------------------------------------------------- status */

typedef enum ferry_status {
  FERRY_OK = 0,    /* done */
  FERRY_RETRY = 1, /* temporary failure: the core retries later (outputs) */
  FERRY_DROP = 2,  /* permanent failure: the data goes to the error path */
  FERRY_ERROR = 3  /* configuration or start-up failure (create/start) */
} ferry_status;

typedef enum ferry_kind {
  FERRY_KIND_INPUT = 1,
  FERRY_KIND_FILTER = 2,
  FERRY_KIND_OUTPUT = 3
} ferry_kind;

typedef enum ferry_log_level {
  FERRY_LOG_TRACE = 0,
  FERRY_LOG_DEBUG = 1,
  FERRY_LOG_INFO = 2,
  FERRY_LOG_WARN = 3,
  FERRY_LOG_ERROR = 4,
  FERRY_LOG_FATAL = 5
} ferry_log_level;

/* A message the plugin fills on failure; the host prints it with the plugin
 * type, file and line. Always NUL-terminated by the writer. */
#define FERRY_ERROR_MESSAGE_SIZE 1024
typedef struct ferry_error {
  char message[FERRY_ERROR_MESSAGE_SIZE];
} ferry_error;

/* ------------------------------------------------------- parameter table */

/* Types use Fluentd's vocabulary (lib/fluent/config/types.rb). */
typedef enum ferry_param_type {
  FERRY_PARAM_STRING = 1,
  FERRY_PARAM_INTEGER = 2,
  FERRY_PARAM_FLOAT = 3,
  FERRY_PARAM_SIZE = 4, /* bytes; "10k" "5m" "1g" "1t" */
  FERRY_PARAM_TIME = 5, /* seconds as double; "10s" "5m" "1h" "1d" */
  FERRY_PARAM_BOOL = 6,
  FERRY_PARAM_ENUM = 7,
  FERRY_PARAM_ARRAY = 8, /* JSON array or "a,b,c" */
  FERRY_PARAM_HASH = 9,  /* JSON object or "k:v,k2:v2" */
  FERRY_PARAM_REGEXP = 10,
  FERRY_PARAM_SECTION = 11 /* a nested <name arg> section; see `section` */
} ferry_param_type;

enum ferry_param_flags {
  FERRY_PARAM_REQUIRED = 1u << 0,    /* must be given (no default) */
  FERRY_PARAM_MULTI = 1u << 1,       /* SECTION: may appear many times */
  FERRY_PARAM_SECRET = 1u << 2,      /* masked in dumps and describe */
  FERRY_PARAM_DEPRECATED = 1u << 3,  /* accepted with a warning */
  FERRY_PARAM_UNSUPPORTED = 1u << 4, /* a Fluentd parameter Ferry refuses:
                                        load error "not supported yet" */
  FERRY_PARAM_HAS_MIN = 1u << 5,     /* numeric lower bound in min_value */
  FERRY_PARAM_HAS_MAX = 1u << 6      /* numeric upper bound in max_value */
};

struct ferry_param_table;

typedef struct ferry_param {
  const char* name;
  uint32_t type;  /* ferry_param_type */
  uint32_t flags; /* ferry_param_flags */
  /* Default as config text, converted exactly like user text. NULL: the
   * parameter is unset (nil) unless given; with FERRY_PARAM_REQUIRED it must
   * be given. */
  const char* default_value;
  const char* description;
  const char* const* enum_values;          /* ENUM: NULL-terminated list */
  const struct ferry_param_table* section; /* SECTION: its own table */
  const char* alias;                       /* an older accepted name (legacy Fluentd spelling) */
  double min_value;                        /* with FERRY_PARAM_HAS_MIN */
  double max_value;                        /* with FERRY_PARAM_HAS_MAX */
} ferry_param;

enum ferry_table_flags {
  /* Any key is accepted and kept as a string (e.g. <record>). */
  FERRY_TABLE_ANY_KEYS = 1u << 0,
  /* The section takes an argument (<store ignore_error>, <field NAME>). */
  FERRY_TABLE_HAS_ARG = 1u << 1,
  /* The section needs no @type (it is not a plugin). Nested plugin sections
   * such as <store> do not set this. */
  FERRY_TABLE_PLAIN_SECTION = 1u << 2
};

typedef struct ferry_param_table {
  uint32_t row_size; /* sizeof(ferry_param) the plugin was built with */
  uint32_t count;
  const ferry_param* rows;
  uint32_t flags; /* ferry_table_flags */
} ferry_param_table;

/* Core-owned sections a plugin opts into by capability bit; the host parses,
 * validates and documents them (Fluentd's <buffer>, <format>, <inject>...). */
enum ferry_capabilities {
  FERRY_CAP_FORMAT = 1u << 0,   /* accepts <format> (see formatter_new) */
  FERRY_CAP_INJECT = 1u << 1,   /* accepts <inject> (see injector_new) */
  FERRY_CAP_BUFFERED = 1u << 2, /* accepts <buffer> (core buffering) */
  FERRY_CAP_EMITS = 1u << 3,    /* output that re-emits (relabel, copy) */
  FERRY_CAP_CHILDREN = 1u << 4, /* output with nested <store> outputs */
  FERRY_CAP_PARSE = 1u << 5,    /* accepts <parse> (see parser_new) */
  FERRY_CAP_EXTRACT = 1u << 6   /* accepts <extract> (see extractor_new) */
};

/* -------------------------------------------------------- opaque handles */

typedef struct ferry_instance ferry_instance; /* one configured plugin */
typedef struct ferry_config ferry_config;     /* a validated section */
typedef struct ferry_writer ferry_writer;     /* host-owned output bytes */
typedef struct ferry_timer ferry_timer;
typedef struct ferry_watch ferry_watch;
typedef struct ferry_formatter ferry_formatter;
typedef struct ferry_parser ferry_parser;
typedef struct ferry_extractor ferry_extractor;
typedef struct ferry_injector ferry_injector;       /* ABI 1.1 */
typedef struct ferry_placeholder ferry_placeholder; /* ABI 1.1 */
typedef struct ferry_chunk_meta ferry_chunk_meta;   /* ABI 1.1 */

/* A batch of events: a MessagePack stream of [time, record] pairs, no outer
 * array, time as EventTime (ext type 0, 8 bytes: BE uint32 sec, BE uint32
 * nsec) — the bytes Fluentd writes into buffer chunks. Host-owned. */
typedef struct ferry_chunk {
  uint32_t struct_size;
  const char* tag;
  size_t tag_len;
  const uint8_t* data;
  size_t len;
  uint32_t count; /* number of events in data */
  /* ABI 1.1. Set for writes from the core buffer (FERRY_CAP_BUFFERED with a
   * buffer in use), NULL/0 for unbuffered writes. */
  const char* chunk_id;                /* 32 lowercase hex digits, NUL-terminated */
  const struct ferry_chunk_meta* meta; /* for placeholder_expand */
  uint32_t retry_count;                /* failed attempts of this chunk so far */
} ferry_chunk;

/* ------------------------------------------------------------- host api */

enum ferry_fd_events { FERRY_FD_READ = 1u << 0, FERRY_FD_WRITE = 1u << 1 };

/* One result of parser_parse / parser_feed: an event or a failure. All
 * pointers are host-owned and valid during the callback only. */
typedef struct ferry_parsed {
  uint32_t struct_size;
  /* The event, NULL on failure: one MessagePack [time, record] pair, 0x92,
   * the 10-byte EventTime (fixext8), then the record map from byte 11. */
  const uint8_t* event;
  size_t event_len;
  /* 0 when the input had no time and estimate_current_event is false
   * (Fluentd's nil time): the event then carries time 0 and the plugin
   * picks one (in_exec: <extract> or now; filter_parser: the input's). */
  int time_set;
  /* On failure: why, quoting the offending text cut to about 200 bytes
   * (control bytes and invalid UTF-8 escaped); NUL-terminated. */
  const char* error;
  size_t error_len;
} ferry_parsed;

typedef void (*ferry_parse_callback)(void* user, const ferry_parsed* result);

/* What extractor_apply makes of one parsed event. Host-owned; valid until
 * the next extractor_apply or extractor_free on the same extractor. */
typedef struct ferry_extracted {
  uint32_t struct_size; /* set by the caller: sizeof(ferry_extracted) */
  int has_tag;          /* 1: tag_key was found; tag holds its value */
  const char* tag;
  size_t tag_len;
  /* The event to emit: time resolved (the parser's, else time_key's, else
   * now), extracted keys removed unless kept. */
  const uint8_t* event;
  size_t event_len;
  const char* error; /* FERRY_DROP: why (NUL-terminated) */
} ferry_extracted;

typedef void (*ferry_callback)(void* user);
typedef void (*ferry_fd_callback)(void* user, uint32_t events);
typedef void (*ferry_done_callback)(void* user, ferry_status status, const char* message);

typedef struct ferry_host_api {
  uint32_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;

  /* --- configuration: valid only during create(); values are already
   * validated and defaulted against the plugin's table. Names are parameter
   * names of the table the config belongs to. */
  /* 1 when the user wrote the parameter (or the section exists), else 0. */
  int (*config_is_set)(const ferry_config* cfg, const char* name);
  /* Scalar text as written (after quoting, #{...}); NULL when nil. */
  const char* (*config_string)(const ferry_config* cfg, const char* name, size_t* len);
  int64_t (*config_int)(const ferry_config* cfg, const char* name);  /* INTEGER, SIZE */
  double (*config_float)(const ferry_config* cfg, const char* name); /* FLOAT, TIME */
  int (*config_bool)(const ferry_config* cfg, const char* name);
  /* ARRAY items and HASH pairs, as strings. */
  size_t (*config_array_size)(const ferry_config* cfg, const char* name);
  const char* (*config_array_item)(const ferry_config* cfg, const char* name, size_t index,
                                   size_t* len);
  size_t (*config_hash_size)(const ferry_config* cfg, const char* name);
  const char* (*config_hash_key)(const ferry_config* cfg, const char* name, size_t index,
                                 size_t* len);
  const char* (*config_hash_value)(const ferry_config* cfg, const char* name, size_t index,
                                   size_t* len);
  /* Nested sections. */
  size_t (*config_section_count)(const ferry_config* cfg, const char* name);
  const ferry_config* (*config_section)(const ferry_config* cfg, const char* name, size_t index);
  const char* (*config_section_arg)(const ferry_config* cfg, size_t* len);
  /* Every key/value written in this section, in file order (for
   * FERRY_TABLE_ANY_KEYS sections such as <record>). */
  size_t (*config_entry_count)(const ferry_config* cfg);
  const char* (*config_entry_key)(const ferry_config* cfg, size_t index, size_t* len);
  const char* (*config_entry_value)(const ferry_config* cfg, size_t index, size_t* len);
  /* "file:line" of a parameter (or of the section when name is NULL), for
   * the plugin's own error messages. Host-owned, valid during create(). */
  const char* (*config_location)(const ferry_config* cfg, const char* name);

  /* --- logging: the host adds time, level and the plugin id. */
  void (*log)(ferry_instance* inst, ferry_log_level level, const char* msg, size_t len);
  int (*log_enabled)(ferry_instance* inst, ferry_log_level level);

  /* --- events */
  /* Hand a batch to the router (inputs; outputs with FERRY_CAP_EMITS, which
   * emit to their @label). The bytes are copied or consumed before return.
   * FERRY_OK: accepted. FERRY_RETRY: downstream pushes back, try later. */
  ferry_status (*emit)(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* events,
                       size_t len, uint32_t count);
  /* Send one event ([time, record] bytes) to the error path (@ERROR label,
   * else a warning), with the reason. */
  void (*emit_error)(ferry_instance* inst, const char* tag, size_t tag_len, const uint8_t* event,
                     size_t len, const char* reason);
  /* Finish a write(): exactly once per token, from any thread. */
  void (*complete)(ferry_instance* inst, uint64_t token, ferry_status status, const char* message);

  /* --- filter output: append whole events to the writer given to filter. */
  void (*writer_append)(ferry_writer* w, const uint8_t* events, size_t len, uint32_t count);

  /* --- event loop services; callbacks run under the instance's
   * serialisation like every other callback. */
  /* first_ns: delay before the first call; interval 0: one shot. The handle
   * stays valid (also after a one-shot fired) until timer_stop or the end of
   * the instance; NULL when the instance is not running (create/after stop). */
  ferry_timer* (*timer_start)(ferry_instance* inst, uint64_t first_ns, uint64_t interval_ns,
                              ferry_callback cb, void* user);
  void (*timer_stop)(ferry_timer* timer); /* no callback after return */
  ferry_watch* (*fd_watch)(ferry_instance* inst, int fd, uint32_t events, ferry_fd_callback cb,
                           void* user);
  void (*fd_unwatch)(ferry_watch* watch); /* no callback after return */
  void (*post)(ferry_instance* inst, ferry_callback cb, void* user);

  /* --- core formatters (<format> sections, FERRY_CAP_FORMAT): create during
   * create() from the plugin's <format> section (NULL cfg: defaults of
   * default_type); format one record, appending text/bytes to out. */
  ferry_formatter* (*formatter_new)(ferry_instance* inst, const ferry_config* format_section,
                                    const char* default_type, ferry_error* err);
  /* Appends the formatted event to a plugin-provided growable buffer through
   * the append callback. Returns FERRY_OK or FERRY_DROP (bad record). */
  ferry_status (*formatter_format)(ferry_formatter* f, const char* tag, size_t tag_len,
                                   const uint8_t* event, size_t event_len,
                                   void (*append)(void* user, const char* data, size_t len),
                                   void* user);
  void (*formatter_free)(ferry_formatter* f);

  /* --- nested outputs (FERRY_CAP_CHILDREN, e.g. copy's <store>). */
  size_t (*child_count)(ferry_instance* inst);
  /* Argument of the child's section (<store ignore_error>), host-owned. */
  const char* (*child_arg)(ferry_instance* inst, size_t index);
  /* Write a chunk to child `index`; done runs exactly once. */
  void (*child_write)(ferry_instance* inst, size_t index, const ferry_chunk* chunk,
                      ferry_done_callback done, void* user);

  /* --- misc */
  const char* (*hostname)(void);
  int64_t (*now_ns)(void); /* wall clock, ns since the epoch */
  /* Raw text to the log device (stdout, or the -o file), whole, never
   * interleaved with log lines; no prefix, not subject to log levels. This
   * is where out_stdout writes, as in Fluentd. */
  void (*write_log_device)(ferry_instance* inst, const char* text, size_t len);

  /* --- core parsers (<parse> sections, FERRY_CAP_PARSE). A parser keeps
   * buffers and caches: use it from one thread at a time (an instance's
   * callbacks already are), or make one per thread. */
  /* Create during create() from the plugin's <parse> section (NULL: none
   * written). default_type: the @type when the section names none.
   * defaults: NULL, or the plugin's own defaults as config text, one
   * "name value" per line, a bare name meaning nil (Fluentd's
   * config_set_default in a plugin's `config_section :parse`), e.g. in_exec:
   * "@type tsv\ntime_key\ntime_type float\nestimate_current_event false".
   * NULL and err filled on a configuration error; unused parameters are
   * logged as warnings on inst. */
  ferry_parser* (*parser_new)(ferry_instance* inst, const ferry_config* parse_section,
                              const char* default_type, const char* defaults, ferry_error* err);
  /* Parses one whole unit: a line without its newline (text parsers), one
   * JSON document (an object, or an array: one event per element), or
   * MessagePack bytes (maps or arrays of maps). cb runs once per event or
   * failure before this returns. FERRY_OK: no failure; FERRY_DROP: at
   * least one failure was reported. Never crashes on any input. */
  ferry_status (*parser_parse)(ferry_parser* p, const char* text, size_t len,
                               ferry_parse_callback cb, void* user);
  /* Parses a byte stream fed in pieces (a child's stdout, a socket), cut
   * as Fluentd's inputs cut it: lines (chomped) for text parsers,
   * concatenated values for json, concatenated objects for msgpack; an
   * incomplete tail waits for the next call. final = 1 ends the stream:
   * the last unterminated line is parsed, an unfinished json/msgpack value
   * is a failure, and the parser is ready for a new stream. After invalid
   * JSON or malformed MessagePack the rest of that stream is dropped (as
   * Fluentd's streaming readers abort). A unit over 32 MiB is dropped with
   * a failure. Returns like parser_parse. */
  ferry_status (*parser_feed)(ferry_parser* p, const char* data, size_t len, int final,
                              ferry_parse_callback cb, void* user);
  void (*parser_free)(ferry_parser* p);

  /* --- <extract> (FERRY_CAP_EXTRACT): tag and time taken from records, as
   * Fluentd's extract helper and in_exec apply them. Same threading rule
   * as parsers. NULL section: no <extract> written (nothing extracted,
   * times still resolved to now). */
  ferry_extractor* (*extractor_new)(ferry_instance* inst, const ferry_config* extract_section,
                                    ferry_error* err);
  /* event: a [time, record] pair (e.g. a ferry_parsed event); time_set as
   * ferry_parsed gave it. Fills *out. FERRY_OK, or FERRY_DROP with
   * out->error (malformed record, time field that does not parse). */
  ferry_status (*extractor_apply)(ferry_extractor* x, const uint8_t* event, size_t len,
                                  int time_set, ferry_extracted* out);
  void (*extractor_free)(ferry_extractor* x);

  /* ================================================ ABI 1.1 additions */

  /* emit_error naming the error class Fluentd would log ("error_class=X"),
   * e.g. "Fluent::Plugin::Parser::ParserError"; NULL: Ferry::EventError. */
  void (*emit_error_class)(ferry_instance* inst, const char* tag, size_t tag_len,
                           const uint8_t* event, size_t len, const char* reason,
                           const char* error_class);

  /* --- <inject> (FERRY_CAP_INJECT): hostname/worker_id/tag/time keys added
   * to a copy of each record, as Fluentd's inject helper does; also reads
   * the legacy flat forms (include_tag_key, include_time_key, ...). Create
   * during create() from the plugin's own directive config. Same threading
   * rule as parsers. */
  ferry_injector* (*injector_new)(ferry_instance* inst, const ferry_config* directive,
                                  ferry_error* err);
  /* 1 when anything is injected (else apply returns its input). */
  int (*injector_enabled)(const ferry_injector* x);
  /* event: one [time, record] pair. *out / *out_len: the event with the
   * keys injected (host-owned, valid until the next apply or free on the
   * same injector), or the input itself when nothing is injected.
   * FERRY_OK, or FERRY_DROP for a malformed event. */
  ferry_status (*injector_apply)(ferry_injector* x, const char* tag, size_t tag_len,
                                 const uint8_t* event, size_t len, const uint8_t** out,
                                 size_t* out_len);
  void (*injector_free)(ferry_injector* x);

  /* --- placeholders in output parameters (FERRY_CAP_BUFFERED): ${tag},
   * ${tag[N]}, ${key}, ${chunk_id}, strftime from the chunk's timekey.
   * Create during create(): the text is checked against the instance's
   * buffer chunk keys with Fluentd's rules (NULL and err on a violation,
   * naming param_name and the fix). */
  ferry_placeholder* (*placeholder_new)(ferry_instance* inst, const char* param_name,
                                        const char* text, size_t len, ferry_error* err);
  /* 1 when the text has placeholders (else expand gives it back as is). */
  int (*placeholder_has)(const ferry_placeholder* p);
  /* Expands for one buffered chunk (chunk->meta); appends the result.
   * FERRY_DROP when a substituted value is unsafe (a "../" or a leading "/"
   * in a tag or key value) or the chunk carries no meta; say why with
   * the message of complete(). Thread-safe. */
  ferry_status (*placeholder_expand)(const ferry_placeholder* p, const ferry_chunk* chunk,
                                     void (*append)(void* user, const char* data, size_t len),
                                     void* user);
  void (*placeholder_free)(ferry_placeholder* p);

  /* ================================================ ABI 1.2 additions */

  /* placeholder_new with a choice of check (ferry_placeholder_check):
   * placeholder_new is FERRY_PLACEHOLDER_STRICT. */
  ferry_placeholder* (*placeholder_new_checked)(ferry_instance* inst, const char* param_name,
                                                const char* text, size_t len, uint32_t check,
                                                ferry_error* err);
} ferry_host_api;

/* How placeholder_new_checked validates a text against the chunk keys
 * (ABI 1.2). */
typedef enum ferry_placeholder_check {
  /* Fluentd's output.rb placeholder_validate! (out_file's path): time
   * placeholders iff `time` is a key, tag placeholders iff `tag` is, and
   * the ${KEY}s exactly the record chunk keys. */
  FERRY_PLACEHOLDER_STRICT = 0,
  /* Every placeholder used must be backed by a chunk key (a ${KEY} by that
   * record key, ${tag} by `tag`, strftime by `time`), nothing more: for
   * parameters Fluentd plugins only expand (kafka2's topic, secondary_file's
   * directory and basename). */
  FERRY_PLACEHOLDER_AVAILABLE = 1
} ferry_placeholder_check;

/* ----------------------------------------------------- plugin descriptor */

typedef enum ferry_filter_result {
  FERRY_FILTER_UNCHANGED = 0, /* pass the input batch on as it is */
  FERRY_FILTER_REWRITTEN = 1, /* the writer holds the new batch (may be empty) */
  FERRY_FILTER_FAILED = 2     /* whole batch to the error path, err filled */
} ferry_filter_result;

typedef struct ferry_plugin_info {
  uint32_t struct_size; /* sizeof(ferry_plugin_info) the plugin was built with */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t kind;           /* ferry_kind */
  const char* type_name;   /* Fluentd @type, e.g. "stdout" */
  const char* version;     /* the plugin's own version */
  const char* description; /* one line */
  const char* status;      /* "stable" | "experimental" | "test" */
  const ferry_param_table* params;
  uint64_t capabilities; /* ferry_capabilities */

  /* Required. Build the instance from validated config; store it in *ctx.
   * Runs on the control thread. No events may be emitted yet. */
  ferry_status (*create)(const ferry_host_api* host, ferry_instance* inst, const ferry_config* cfg,
                         void** ctx, ferry_error* err);
  /* Optional. Begin work (inputs start timers/listeners). */
  ferry_status (*start)(void* ctx, ferry_error* err);
  /* Optional. Inputs: stop producing. Outputs: finish pending writes. */
  void (*stop)(void* ctx);
  /* Required. Free everything; no callback runs after it returns. */
  void (*destroy)(void* ctx);
  /* Filters: required. Called with a batch; see ferry_filter_result. */
  ferry_filter_result (*filter)(void* ctx, const ferry_chunk* in, ferry_writer* out,
                                ferry_error* err);
  /* Outputs: required. Start writing the chunk and finish it later with
   * host->complete(inst, token, status, message). The chunk stays valid
   * until complete() is called. */
  void (*write)(void* ctx, const ferry_chunk* chunk, uint64_t token);
  /* Optional. SIGUSR1: flush what the plugin itself holds. */
  void (*flush)(void* ctx);

  /* ABI 1.1, outputs with FERRY_CAP_BUFFERED. Fluentd's
   * `config_section :buffer` defaults of the plugin as config text, one
   * "name value" per line, e.g. "@type file\nchunk_keys time\ntimekey 86400"
   * (chunk_keys: the default <buffer> argument). NULL: Fluentd's base
   * defaults (memory, no chunk keys). */
  const char* buffer_defaults;
  uint32_t buffer_mode; /* ferry_buffer_mode */
} ferry_plugin_info;

/* When a FERRY_CAP_BUFFERED output is buffered (ABI 1.1). Fluentd decides
 * by which of #process / #write the plugin implements. */
typedef enum ferry_buffer_mode {
  FERRY_BUFFER_WHEN_CONFIGURED = 0, /* only with a <buffer> section (stdout) */
  FERRY_BUFFER_ALWAYS = 1           /* always (file, kafka2, influxdb) */
} ferry_buffer_mode;

typedef const ferry_plugin_info* (*ferry_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif
#endif /* FERRY_ABI_H */
