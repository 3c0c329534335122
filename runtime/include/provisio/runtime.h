/* Provisio runtime: the benefit primitives that compiled policies call.
   The whole C ABI, `prv_` prefix. Money is int64 fen; rates and decimals
   are exact ratios (num/den, den > 0: the runtime returns them in lowest
   terms, compiled code need not); dates are day numbers (days since
   1970-01-01, proleptic Gregorian). Every fallible primitive returns a
   prv_status and writes its result through a pointer. */
#ifndef PROVISIO_RUNTIME_H
#define PROVISIO_RUNTIME_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum prv_status {
  PRV_OK = 0,
  PRV_OVERFLOW = 1,      /* a result does not fit its type */
  PRV_DIV_ZERO = 2,      /* a denominator is zero */
  PRV_DATE_RANGE = 3,    /* a date outside years 1..9999 */
  PRV_CALENDAR_RANGE = 4,/* a working-day count leaves the calendar's years */
  PRV_MISSING_FACT = 5,  /* an optional fact is read while absent */
  PRV_NO_TIER = 6,       /* a tier key falls in no band */
  PRV_SYNTAX = 7,        /* text is not of the expected form */
  PRV_PRECISION = 8,     /* more decimals than the type holds */
  PRV_BAD_FACT = 9,      /* a fact's value lies outside its type or its declared range */
  PRV_NOT_IN_FORCE = 10  /* a dated parameter has no value in force on the event date */
};

/* The ABI this header describes. A module built by `provisio build` says
   which ABI it was built for through its <prefix>_abi_version() function;
   a caller checks it against this macro before the first call. */
#define PROVISIO_ABI_VERSION 3

/* Generated headers check their struct layouts at compile time with this. */
#ifdef __cplusplus
#define PRV_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define PRV_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

/* ---- money ---- */
/* fen × num/den, rounded once, half away from zero, to the fen. */
int32_t prv_money_mul_ratio(int64_t fen, int64_t num, int64_t den, int64_t* out);
/* Parses yuan text ("12345.67", "-3", "0.5") into fen; at most 2 decimals. */
int32_t prv_money_parse(const char* text, int64_t len, int64_t* out);
/* Writes fen as yuan with exactly two decimals; returns the length (≤ 24). */
int32_t prv_money_format(int64_t fen, char* buf);

/* ---- ratios (rates and decimals) ---- */
typedef struct prv_ratio {
  int64_t num;
  int64_t den;
} prv_ratio;
int32_t prv_ratio_make(int64_t num, int64_t den, prv_ratio* out); /* normalises */
int32_t prv_ratio_add(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out);
int32_t prv_ratio_sub(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out);
int32_t prv_ratio_mul(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out);
int32_t prv_ratio_div(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out);
/* -1, 0 or 1 as a is below, equal to or above b. */
int32_t prv_ratio_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd);
/* Rounds half away from zero to an integer. */
int32_t prv_ratio_round(int64_t num, int64_t den, int64_t* out);
/* Parses a decimal ("29.5", "-0.055", "1e-3" is refused); `percent`
   divides by 100 ("5.5" → 11/200). */
int32_t prv_ratio_parse(const char* text, int64_t len, int32_t percent, prv_ratio* out);
/* Writes a ratio as a decimal number: exact when the denominator has only
   factors 2 and 5, else 15 significant decimals. Returns the length (≤ 48). */
int32_t prv_ratio_format(int64_t num, int64_t den, char* buf);

/* ---- dates ---- */
int32_t prv_date_from_ymd(int64_t year, int64_t month, int64_t day, int64_t* out);
void prv_date_to_ymd(int64_t date, int64_t* year, int64_t* month, int64_t* day);
/* Adds months keeping the day, or the last day of the target month. */
int32_t prv_date_add_months(int64_t date, int64_t months, int64_t* out);
int32_t prv_date_add_days(int64_t date, int64_t days, int64_t* out);
/* Whole years completed on `on` by someone born on `birth`
   (a 29 Feb birthday is reached on 28 Feb in a common year). */
int64_t prv_age_years(int64_t birth, int64_t on);
int64_t prv_year_of(int64_t date);
int32_t prv_date_parse(const char* text, int64_t len, int64_t* out); /* YYYY-MM-DD */
void prv_date_format(int64_t date, char* buf);                     /* writes 10 chars */

/* ---- working-day calendars ---- */
typedef struct prv_calendar {
  int64_t first_day;       /* day number of the first covered date (1 Jan) */
  int64_t day_count;       /* number of covered dates */
  const uint8_t* working;  /* one byte per covered date: 1 = working day */
} prv_calendar;
/* The n-th working day strictly after `date` (n ≥ 1). */
int32_t prv_working_days_after(const prv_calendar* calendar, int64_t date, int64_t n, int64_t* out);

/* ---- lists of records ---- */
/* A list the schema declares (`list NAME: RECORD`). With `width` the
   record's field count (in the generated header), field f of element i
   takes two words at values[2 * (i * width + f)] (a ratio uses both) and
   one byte at present[i * width + f]. An absent optional field holds no
   value of its type: an id no text has (-1), or INT64_MIN. A list not
   given at all has count -1 (an empty list, count 0). */
typedef struct prv_list {
  const int64_t* values;
  const uint8_t* present;
  int64_t count;
} prv_list;

/* ---- the compiled provision's calling convention ----
   int32_t fn(const prv_record*, prv_result*);
   returns PRV_ELIGIBLE, PRV_INELIGIBLE or PRV_ERROR.
   A function first checks every fact it may read, in the order it reads
   them: a required fact absent is PRV_MISSING_FACT, a value outside its type
   or declared range (an int beyond its bounds, an enum index beyond its
   words, a bool not 0 or 1, a date beyond the years 1..9999, a ratio whose
   denominator is not positive, a negative amount declared `>= 0`) is
   PRV_BAD_FACT, with error_fact (or error_list, error_element, error_field)
   naming it; a list it queries must be given (lists NULL, or list_count
   not past it, gives none). NULL values or present arrays are PRV_BAD_FACT.
   Ratios need not be in lowest terms. A function keeps no state between
   calls: calls on different records may run at once on any number of
   threads. */
typedef struct prv_record {
  const int64_t* values;   /* two words per fact slot (a ratio uses both) */
  const uint8_t* present;  /* one byte per fact slot */
  const prv_list* lists;   /* one per list of the module's schema, in order */
  int64_t list_count;
} prv_record;

typedef struct prv_result {
  int64_t* outputs;        /* two words per output */
  uint8_t* output_present; /* one byte per output */
  int32_t failed_rule;     /* index of the failed condition; -1 when outside the window */
  int32_t error_status;    /* a prv_status when the function returns PRV_ERROR */
  int32_t error_site;      /* where: an index into the module's site table */
  int32_t error_fact;      /* the fact slot concerned, or -1 */
  uint64_t* coverage;      /* two counters per coverage point (false, true), or NULL;
                              only code compiled with coverage reads it */
  uint8_t* rule_state;     /* one PRV_RULE_* byte per condition: every ground of a
                              refusal. NULL: the decision only; evaluation stops
                              at the first failed condition */
  int32_t failed_count;    /* conditions failed or not assessed (with rule_state NULL,
                              1 when one failed) */
  int64_t* trace;          /* the values an instrumented build saw, or NULL;
                              only code compiled for `explain` writes it */
  int32_t error_list;      /* a list concerned (index in prv_record.lists), or -1 */
  int32_t error_field;     /* with error_list: the field concerned, or -1 */
  int64_t error_element;   /* with error_list: the element concerned, or -1 */
} prv_result;

enum { PRV_ELIGIBLE = 0, PRV_INELIGIBLE = 1, PRV_ERROR = 2 };

/* A condition's state after a call. UNSEEN: not evaluated (outside the
   window, or waived by an exception). NOT_ASSESSED: its evaluation failed
   (e.g. a division by a zero headcount) after an earlier condition failed. */
enum { PRV_RULE_UNSEEN = 0, PRV_RULE_MET = 1, PRV_RULE_FAILED = 2, PRV_RULE_NOT_ASSESSED = 3 };

/* A condition as the generated header lists it (…_RULES[i] for rule_state[i]). */
typedef struct prv_rule_info {
  const char* name;    /* its label in the policy, or condition_N */
  const char* reason;  /* the words a refusal gives */
  const char* cite;    /* the article */
} prv_rule_info;

/* What a provision reads and answers, for a host that fills its record from
   typed values itself (the PostgreSQL extension's typed functions):
   prv_POLICY__NAME_signature() in a built module. */
enum { PRV_KIND_BOOL, PRV_KIND_INT, PRV_KIND_DECIMAL, PRV_KIND_RATE, PRV_KIND_MONEY, PRV_KIND_DATE, PRV_KIND_TEXT, PRV_KIND_ENUM };
typedef struct prv_field_info {
  const char* name;          /* a fact "group.name", or an output's name */
  int32_t slot;              /* the fact's slot, or the output's index */
  int32_t kind;              /* PRV_KIND_* */
  int32_t optional;          /* a fact that may be absent */
  int32_t word_count;        /* an enum's words (the index is the value) */
  const char* const* words;
} prv_field_info;
/* A list a provision queries, as a host fills its prv_list: the fields of
   its record, in order (a field's `slot` is its index in the element). */
typedef struct prv_list_info {
  const char* name;          /* the list, as the schema names it */
  int32_t index;             /* in prv_record.lists */
  const char* record;        /* the record its elements are */
  int32_t field_count;       /* an element's width */
  const prv_field_info* fields;
} prv_list_info;
typedef struct prv_signature {
  int32_t slot_count;        /* prv_record.values holds 2 × slot_count words */
  int32_t list_count;        /* prv_record.list_count */
  int32_t fact_count;        /* the facts it reads, in first-read order */
  const prv_field_info* facts;
  int32_t lists_read_count;  /* the lists it queries */
  const prv_list_info* lists_read;
  int32_t output_count;
  const prv_field_info* outputs;
  int32_t rule_count;
  const prv_rule_info* rules;
  /* The policy's text constants: a text equal to strings[i] has id i; a
     host gives every other text an id from string_count on, equal texts
     the same id within a call. */
  int32_t string_count;
  const char* const* strings;
  /* The module's own prv_ratio_format, for a host to write a rate or a
     decimal exactly as `provisio eval` does. */
  int32_t (*ratio_format)(int64_t num, int64_t den, char* buf);
} prv_signature;

#ifdef __cplusplus
}
#endif
#endif
