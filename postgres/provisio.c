/* provisio: benefit provisions evaluated inside PostgreSQL, by the modules
   `provisio build` makes (lib<policy>.so in provisio.module_path). Each call
   hands the row's facts to the module's JSON entry — the decoder, the
   decision and the renderer `provisio eval` uses — so that SQL answers
   exactly as the command line does. No LLVM and nothing of the compiler is
   loaded into the backend; a module computes and touches nothing else. */
#include "postgres.h"

#include <dlfcn.h>
#include <string.h>

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "provisio/runtime.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(provisio_provision_in);
PG_FUNCTION_INFO_V1(provisio_provision_out);
PG_FUNCTION_INFO_V1(provisio_eval);
PG_FUNCTION_INFO_V1(provisio_try_eval);
PG_FUNCTION_INFO_V1(provisio_typed);

void _PG_init(void);

typedef int32_t (*json_entry)(const char* facts, int64_t facts_length, char* answer, int64_t capacity,
                              int64_t* answer_length);

/* Where modules are loaded from: set by a superuser only, as loading one runs its code. */
static char* module_path = NULL;

/* Provisions resolved in this backend, by folder and id (modules stay loaded). */
typedef struct Resolved {
  char* folder;
  char* provision;
  json_entry entry;
  struct Resolved* next;
} Resolved;
static Resolved* resolved = NULL;

void _PG_init(void) {
  DefineCustomStringVariable("provisio.module_path", "Folder of the policy modules built by provisio build.",
                             "Each policy is lib<policy id>.so there; it is loaded on first use.", &module_path, "",
                             PGC_SUSET, 0, NULL, NULL, NULL);
  MarkGUCPrefixReserved("provisio");
}

/* A policy id or provision name as the module's symbols spell it (as
   `provisio build` does): `-` as `_`, any other byte but [A-Za-z0-9_] as _xHEX_. */
static void AppendIdentifier(StringInfo out, const char* s, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
      appendStringInfoChar(out, (char)c);
    else if (c == '-')
      appendStringInfoChar(out, '_');
    else
      appendStringInfo(out, "_x%02X_", c);
  }
}

static void* Symbol(void* module, const char* policy, size_t policy_length, const char* rest, size_t rest_length,
                    const char* suffix) {
  StringInfoData name;
  void* found;
  initStringInfo(&name);
  appendStringInfoString(&name, "prv_");
  AppendIdentifier(&name, policy, policy_length);
  if (rest != NULL) {
    appendStringInfoString(&name, "__");
    AppendIdentifier(&name, rest, rest_length);
  }
  appendStringInfoString(&name, suffix);
  found = dlsym(module, name.data);
  pfree(name.data);
  return found;
}

/* The length of the policy id that starts `provision` ("policy.name"),
   checked: a policy id names a file in the module folder, so nothing in it
   may leave the folder. */
static size_t PolicyLength(const char* provision) {
  const char* dot = strchr(provision, '.');
  size_t n;
  if (dot == NULL || dot == provision || dot[1] == '\0')
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("\"%s\" is not a provision id (policy.provision)", provision)));
  n = (size_t)(dot - provision);
  for (size_t i = 0; i < n; ++i) {
    char c = provision[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("\"%.*s\" is not a policy id", (int)n, provision)));
  }
  return n;
}

/* The module of `provision`'s policy, loaded on first use (dlopen keeps one
   copy however often it is asked), its ABI version checked. */
static void* Module(const char* provision, size_t policy_length) {
  StringInfoData path;
  void* module;
  int32_t (*abi)(void);
  if (module_path == NULL || module_path[0] == '\0')
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE), errmsg("provisio.module_path is not set"),
                    errhint("A superuser sets it to the folder of the modules `provisio build` made.")));
  initStringInfo(&path);
  appendStringInfo(&path, "%s/lib%.*s.so", module_path, (int)policy_length, provision);
  module = dlopen(path.data, RTLD_NOW | RTLD_LOCAL);
  if (module == NULL)
    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_FILE), errmsg("cannot load the module of policy \"%.*s\"",
                                                             (int)policy_length, provision),
                    errdetail("%s", dlerror())));
  abi = (int32_t(*)(void))Symbol(module, provision, policy_length, NULL, 0, "_abi_version");
  if (abi == NULL || abi() != PROVISIO_ABI_VERSION)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("the module %s is not built for Provisio ABI %d", path.data, PROVISIO_ABI_VERSION),
                    errhint("Build it again with this version's provisio build.")));
  pfree(path.data);
  return module;
}

/* A symbol of `provision` in its policy's module: prv_POLICY__NAME`suffix`. */
static void* ProvisionSymbol(const char* provision, const char* suffix) {
  size_t policy_length = PolicyLength(provision);
  const char* name = provision + policy_length + 1;
  void* found = Symbol(Module(provision, policy_length), provision, policy_length, name, strlen(name), suffix);
  if (found == NULL)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("policy \"%.*s\" has no provision \"%s\"", (int)policy_length, provision, name)));
  return found;
}

/* The JSON entry of `provision`, resolved once per backend. */
static json_entry Resolve(const char* provision) {
  Resolved* r;
  json_entry entry;
  for (r = resolved; r != NULL; r = r->next)
    if (strcmp(r->provision, provision) == 0 && module_path != NULL && strcmp(r->folder, module_path) == 0)
      return r->entry;
  entry = (json_entry)ProvisionSymbol(provision, "_eval_json");
  r = MemoryContextAlloc(TopMemoryContext, sizeof(Resolved));
  r->entry = entry;
  r->folder = MemoryContextStrdup(TopMemoryContext, module_path);
  r->provision = MemoryContextStrdup(TopMemoryContext, provision);
  r->next = resolved;
  resolved = r;
  return r->entry;
}

/* A string member of a jsonb object, or NULL. */
static char* Member(Jsonb* object, const char* key) {
  JsonbValue value;
  if (getKeyJsonValueFromContainer(&object->root, key, strlen(key), &value) == NULL || value.type != jbvString)
    return NULL;
  return pnstrdup(value.val.string.val, value.val.string.len);
}

/* The answer buffer, kept by the backend and grown to the longest answer
   met, so that a long one (a refusal's reasons) is not computed twice per row. */
static char* answer_buffer = NULL;
static int64_t answer_capacity = 0;

static Datum Evaluate(FunctionCallInfo fcinfo, bool raise) {
  char* provision = text_to_cstring(PG_GETARG_TEXT_PP(0));
  Jsonb* facts = PG_GETARG_JSONB_P(1);
  json_entry entry = Resolve(provision);
  char* text = JsonbToCString(NULL, &facts->root, VARSIZE(facts));
  int64_t text_length = (int64_t)strlen(text), length = 0;
  int32_t status;
  Jsonb* result;
  if (answer_buffer == NULL) {
    answer_capacity = 1024;
    answer_buffer = MemoryContextAlloc(TopMemoryContext, (Size)answer_capacity);
  }
  status = entry(text, text_length, answer_buffer, answer_capacity, &length);
  if (length >= answer_capacity) {
    answer_capacity = 2 * (length + 1);
    answer_buffer = repalloc(answer_buffer, (Size)answer_capacity);
    status = entry(text, text_length, answer_buffer, answer_capacity, &length);
  }
  result = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(answer_buffer)));
  if (status == PRV_ERROR && raise) {
    char* error = Member(result, "error");
    char* fact = Member(result, "fact");
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: %s", provision, error ? error : "failed"),
                    fact ? errdetail("fact: %s", fact) : 0,
                    errhint("provisio.try_eval gives {\"error\":…,\"fact\":…} for such a row instead.")));
  }
  PG_RETURN_JSONB_P(result);
}

/* provisio.provision: the id as text, checked when it is read. */
Datum provisio_provision_in(PG_FUNCTION_ARGS) {
  char* id = PG_GETARG_CSTRING(0);
  PolicyLength(id);
  PG_RETURN_TEXT_P(cstring_to_text(id));
}
Datum provisio_provision_out(PG_FUNCTION_ARGS) { PG_RETURN_CSTRING(text_to_cstring(PG_GETARG_TEXT_PP(0))); }

Datum provisio_eval(PG_FUNCTION_ARGS) { return Evaluate(fcinfo, true); }
Datum provisio_try_eval(PG_FUNCTION_ARGS) { return Evaluate(fcinfo, false); }

/* ---- Typed functions (`provisio build --sql`): the facts as SQL values,
   each list as an array of its record's composite type, the answer as a
   row, no JSON in between. ---- */

typedef int32_t (*native_fn)(const prv_record*, prv_result*);
typedef const prv_signature* (*signature_fn)(void);

/* A list argument: its record's row type, and the elements' buffers, grown
   to the longest list met. */
typedef struct ListArg {
  const prv_list_info* info;
  Oid element_type;
  int16 element_length;
  bool element_byval;
  char element_align;
  TupleDesc record;
  Datum* fields;
  bool* field_nulls;
  int64_t* values;
  uint8_t* present;
  int64_t capacity;
} ListArg;

/* Per function (fn_extra): the provision's native code and signature, the
   row type, and the record, result and row, made once and cleared per call. */
typedef struct Typed {
  native_fn fn;
  const prv_signature* sig;
  TupleDesc row;
  char* provision;
  int32_t* sorted_strings; /* the module's text constants' ids, in strcmp order */
  const char** texts;      /* the call's other texts: id string_count + k */
  int32_t text_count, text_capacity;
  ListArg* list_args;
  int64_t* values;
  uint8_t* present;
  prv_list* lists;
  int64_t* outputs;
  uint8_t* output_present;
  Datum* columns;
  bool* nulls;
} Typed;

#define UNIX_EPOCH_IN_PG_DAYS 10957 /* 1970-01-01 is day -10957 of PostgreSQL's 2000-01-01 */

static void BadFact(const Typed* t, const char* fact, const char* text, const char* expected) {
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                  errmsg("%s: fact %s: expected %s, found %s", t->provision, fact, expected, text),
                  errdetail("fact: %s", fact)));
}

/* A text's id as the module's code compares it: a constant's own, else one
   of this call's, the same for equal texts. */
static int64_t TextId(Typed* t, const char* text) {
  const prv_signature* sig = t->sig;
  int32_t lo = 0, hi = sig->string_count;
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    int c = strcmp(sig->strings[t->sorted_strings[mid]], text);
    if (c == 0) return t->sorted_strings[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  for (int32_t k = 0; k < t->text_count; ++k)
    if (strcmp(t->texts[k], text) == 0) return (int64_t)sig->string_count + k;
  if (t->text_count == t->text_capacity) {
    t->text_capacity *= 2;
    t->texts = repalloc(t->texts, sizeof(char*) * (size_t)t->text_capacity);
  }
  t->texts[t->text_count] = text;
  return (int64_t)sig->string_count + t->text_count++;
}

static int StringOrder(const void* a, const void* b, void* strings) {
  return strcmp(((const char* const*)strings)[*(const int32_t*)a], ((const char* const*)strings)[*(const int32_t*)b]);
}

/* A numeric's digits as an exact fraction num / 10^scale (at most 18 digits). */
static bool Digits(const char* text, int64_t* num, int* scale) {
  bool negative = *text == '-';
  uint64_t v = 0;
  int digits = 0, decimals = -1;
  const char* p = text + (negative ? 1 : 0);
  const char* last = p + strlen(p);
  if (strchr(p, '.') != NULL)
    while (last > p && last[-1] == '0') --last; /* trailing zeros of the fraction say nothing */
  for (; p < last; ++p) {
    if (*p == '.') {
      decimals = 0;
      continue;
    }
    if (*p < '0' || *p > '9' || ++digits > 18) return false;
    v = v * 10 + (uint64_t)(*p - '0');
    if (decimals >= 0) ++decimals;
  }
  *num = negative ? -(int64_t)v : (int64_t)v;
  *scale = decimals < 0 ? 0 : decimals;
  return true;
}

/* SQL value `d` of field `f` into its two words. Refused, it returns what
   was expected and sets `found`, for the caller to name the place. */
static const char* Value(Typed* t, const prv_field_info* f, Datum d, int64_t* w, const char** found) {
  static const int64_t tens[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
                                 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL, 100000000000000LL,
                                 1000000000000000LL, 10000000000000000LL, 100000000000000000LL, 1000000000000000000LL};
  w[1] = 1;
  switch (f->kind) {
    case PRV_KIND_BOOL: w[0] = DatumGetBool(d); break;
    case PRV_KIND_INT: w[0] = DatumGetInt64(d); break;
    case PRV_KIND_DATE: {
      DateADT date = DatumGetDateADT(d);
      if (DATE_NOT_FINITE(date)) {
        *found = date == DATEVAL_NOBEGIN ? "-infinity" : "infinity";
        return "a calendar date";
      }
      w[0] = (int64_t)date + UNIX_EPOCH_IN_PG_DAYS;
      break;
    }
    case PRV_KIND_TEXT: w[0] = TextId(t, TextDatumGetCString(d)); break;
    case PRV_KIND_ENUM: {
      char* word = TextDatumGetCString(d);
      int k = 0;
      while (k < f->word_count && strcmp(f->words[k], word) != 0) ++k;
      if (k == f->word_count) {
        StringInfoData words;
        initStringInfo(&words);
        appendStringInfoString(&words, "one of ");
        for (int j = 0; j < f->word_count; ++j) appendStringInfo(&words, "%s%s", j ? ", " : "", f->words[j]);
        *found = word;
        return words.data;
      }
      w[0] = k;
      break;
    }
    default: { /* money, rate, decimal: exactly from the numeric's digits */
      char* text = DatumGetCString(DirectFunctionCall1(numeric_out, d));
      int64_t num;
      int scale;
      *found = text;
      if (!Digits(text, &num, &scale)) return "a number of at most 18 digits";
      if (f->kind == PRV_KIND_MONEY) {
        if (scale > 2) return "money in yuan with at most 2 decimals";
        w[0] = num * tens[2 - scale];
      } else {
        w[0] = num;
        w[1] = tens[scale];
      }
    }
  }
  return NULL;
}

/* List argument `i` into its prv_list: NULL is a list not given. */
static void FillList(Typed* t, ListArg* a, FunctionCallInfo fcinfo, int i, prv_list* out) {
  int32_t width = a->info->field_count;
  Datum* elements;
  bool* element_nulls;
  int n;
  out->count = -1;
  if (PG_ARGISNULL(i)) return;
  deconstruct_array(PG_GETARG_ARRAYTYPE_P(i), a->element_type, a->element_length, a->element_byval, a->element_align,
                    &elements, &element_nulls, &n);
  if (n > a->capacity) {
    a->capacity = 2 * n;
    a->values = repalloc(a->values, sizeof(int64_t) * 2 * (size_t)(a->capacity * width));
    a->present = repalloc(a->present, (size_t)(a->capacity * width));
  }
  for (int k = 0; k < n; ++k) {
    HeapTupleData tuple;
    if (element_nulls[k]) BadFact(t, psprintf("%s[%d]", a->info->name, k), "NULL", a->info->record);
    tuple.t_data = DatumGetHeapTupleHeader(elements[k]);
    tuple.t_len = HeapTupleHeaderGetDatumLength(tuple.t_data);
    ItemPointerSetInvalid(&tuple.t_self);
    tuple.t_tableOid = InvalidOid;
    heap_deform_tuple(&tuple, a->record, a->fields, a->field_nulls);
    for (int32_t f = 0; f < width; ++f) {
      const prv_field_info* field = &a->info->fields[f];
      int64_t* w = &a->values[2 * (k * width + f)];
      a->present[k * width + f] = !a->field_nulls[f];
      if (a->field_nulls[f]) { /* absent: a value no field of its type holds */
        w[0] = field->kind == PRV_KIND_TEXT ? -1 : INT64_MIN;
        w[1] = 1;
      } else {
        const char *found, *expected = Value(t, field, a->fields[f], w, &found);
        if (expected) BadFact(t, psprintf("%s[%d].%s", a->info->name, k, field->name), found, expected);
      }
    }
  }
  out->values = a->values;
  out->present = a->present;
  out->count = n;
}

/* Output `o` (two words) as the row's column value: what `provisio eval` writes. */
static Datum Output(const Typed* t, const prv_field_info* o, const int64_t* w) {
  char buf[64];
  switch (o->kind) {
    case PRV_KIND_BOOL: return BoolGetDatum(w[0] != 0);
    case PRV_KIND_INT: return Int64GetDatum(w[0]);
    case PRV_KIND_DATE: return DateADTGetDatum((DateADT)(w[0] - UNIX_EPOCH_IN_PG_DAYS));
    case PRV_KIND_ENUM: return CStringGetTextDatum(o->words[w[0]]);
    case PRV_KIND_TEXT:
      return CStringGetTextDatum(w[0] < t->sig->string_count ? t->sig->strings[w[0]]
                                                             : t->texts[w[0] - t->sig->string_count]);
    case PRV_KIND_MONEY: {
      uint64_t v = w[0] < 0 ? 0 - (uint64_t)w[0] : (uint64_t)w[0];
      snprintf(buf, sizeof buf, "%s%llu.%02llu", w[0] < 0 ? "-" : "", (unsigned long long)(v / 100),
               (unsigned long long)(v % 100));
      break;
    }
    default: /* a rate or decimal */
      buf[t->sig->ratio_format(w[0], w[1], buf)] = '\0';
  }
  return DirectFunctionCall3(numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* The fact or list element an error names, as `provisio eval` names it. */
static const char* ErrorFact(const Typed* t, const prv_result* r) {
  const prv_signature* sig = t->sig;
  if (r->error_list >= 0) {
    for (int l = 0; l < sig->lists_read_count; ++l) {
      const prv_list_info* list = &sig->lists_read[l];
      if (list->index != r->error_list) continue;
      if (r->error_field < 0 || r->error_field >= list->field_count) return list->name;
      return psprintf("%s[%lld].%s", list->name, (long long)r->error_element, list->fields[r->error_field].name);
    }
    return NULL;
  }
  for (int i = 0; i < sig->fact_count; ++i)
    if (sig->facts[i].slot == r->error_fact) return sig->facts[i].name;
  return NULL;
}

/* A failed evaluation, in `provisio eval`'s words. */
static void Failed(const Typed* t, const prv_result* r) {
  const char* fact = ErrorFact(t, r);
  const char* what;
  switch (r->error_status) {
    case PRV_MISSING_FACT:
      what = fact == NULL ? "missing fact"
             : r->error_list >= 0 && r->error_field < 0 ? psprintf("missing fact %s (give '{}' for none)", fact)
                                                          : psprintf("missing fact %s", fact);
      break;
    case PRV_BAD_FACT: what = psprintf("fact %s: the value lies outside its type or declared range", fact ? fact : "?"); break;
    case PRV_OVERFLOW: what = "the result is too large to hold exactly"; break;
    case PRV_DIV_ZERO: what = "division by zero"; break;
    case PRV_NO_TIER: what = "the value falls in no tier band"; break;
    case PRV_NOT_IN_FORCE: what = "a parameter has no value in force on the event date"; break;
    case PRV_DATE_RANGE: what = "a date beyond the years 1..9999"; break;
    case PRV_CALENDAR_RANGE: what = "counting working days leaves the holiday calendar's years"; break;
    default: what = "evaluation failed";
  }
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s: %s", t->provision, what),
                  fact ? errdetail("fact: %s", fact) : 0,
                  fact ? 0 : errhint("provisio.eval with the same facts names the place in the policy.")));
}

/* The SQL type a value of kind `kind` travels as. */
static Oid SqlType(int32_t kind) {
  switch (kind) {
    case PRV_KIND_BOOL: return BOOLOID;
    case PRV_KIND_INT: return INT8OID;
    case PRV_KIND_DATE: return DATEOID;
    case PRV_KIND_ENUM:
    case PRV_KIND_TEXT: return TEXTOID;
    default: return NUMERICOID;
  }
}

/* Whether `type` is an array of a row type of the fields of `list`, in order. */
static bool ListType(Oid type, const prv_list_info* list, ListArg* a) {
  TupleDesc record;
  bool matches;
  a->info = list;
  a->element_type = get_element_type(type);
  if (a->element_type == InvalidOid || !type_is_rowtype(a->element_type)) return false;
  record = lookup_rowtype_tupdesc(a->element_type, -1);
  matches = record->natts == list->field_count;
  for (int f = 0; matches && f < list->field_count; ++f)
    matches = !TupleDescAttr(record, f)->attisdropped && TupleDescAttr(record, f)->atttypid == SqlType(list->fields[f].kind);
  if (matches) a->record = CreateTupleDescCopy(record);
  ReleaseTupleDesc(record);
  if (!matches) return false;
  get_typlenbyvalalign(a->element_type, &a->element_length, &a->element_byval, &a->element_align);
  a->fields = palloc(sizeof(Datum) * (size_t)list->field_count);
  a->field_nulls = palloc(sizeof(bool) * (size_t)list->field_count);
  a->capacity = 8;
  a->values = palloc(sizeof(int64_t) * 2 * (size_t)(a->capacity * list->field_count));
  a->present = palloc((size_t)(a->capacity * list->field_count));
  return true;
}

/* The function's own schema and name are its provision: "policy"."name".
   Its arguments and row must be the ones `provisio build --sql` declares
   for it, type for type: a hand-made declaration is refused, not trusted. */
static Typed* Prepare(FunctionCallInfo fcinfo) {
  MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
  Typed* t = palloc0(sizeof(Typed));
  HeapTuple proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
  Form_pg_proc form;
  TupleDesc row = NULL;
  const prv_signature* sig;
  bool matches;
  if (!HeapTupleIsValid(proc)) elog(ERROR, "cache lookup failed for function %u", fcinfo->flinfo->fn_oid);
  form = (Form_pg_proc)GETSTRUCT(proc);
  t->provision = psprintf("%s.%s", get_namespace_name(form->pronamespace), NameStr(form->proname));
  t->fn = (native_fn)ProvisionSymbol(t->provision, "");
  t->sig = sig = ((signature_fn)ProvisionSymbol(t->provision, "_signature"))();
  t->list_args = palloc0(sizeof(ListArg) * (size_t)Max(sig->lists_read_count, 1));
  matches = form->pronargs == sig->fact_count + sig->lists_read_count &&
            get_call_result_type(fcinfo, NULL, &row) == TYPEFUNC_COMPOSITE && row->natts == 2 + sig->output_count;
  for (int i = 0; matches && i < sig->fact_count; ++i) matches = form->proargtypes.values[i] == SqlType(sig->facts[i].kind);
  for (int l = 0; matches && l < sig->lists_read_count; ++l)
    matches = ListType(form->proargtypes.values[sig->fact_count + l], &sig->lists_read[l], &t->list_args[l]);
  matches = matches && TupleDescAttr(row, 0)->atttypid == BOOLOID && TupleDescAttr(row, 1)->atttypid == TEXTOID;
  for (int o = 0; matches && o < sig->output_count; ++o)
    matches = TupleDescAttr(row, 2 + o)->atttypid == SqlType(sig->outputs[o].kind);
  ReleaseSysCache(proc);
  if (!matches)
    ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                    errmsg("%s is not declared as its module answers: load the SQL of provisio build --sql", t->provision)));
  t->row = BlessTupleDesc(row);
  t->sorted_strings = palloc(sizeof(int32_t) * (size_t)Max(sig->string_count, 1));
  for (int32_t i = 0; i < sig->string_count; ++i) t->sorted_strings[i] = i;
  qsort_arg(t->sorted_strings, (size_t)sig->string_count, sizeof(int32_t), StringOrder, (void*)sig->strings);
  t->text_capacity = 8;
  t->texts = palloc(sizeof(char*) * (size_t)t->text_capacity);
  t->values = palloc0(sizeof(int64_t) * 2 * (size_t)Max(sig->slot_count, 1));
  t->present = palloc0((size_t)Max(sig->slot_count, 1));
  t->lists = palloc0(sizeof(prv_list) * (size_t)Max(sig->list_count, 1));
  t->outputs = palloc0(sizeof(int64_t) * 2 * (size_t)Max(sig->output_count, 1));
  t->output_present = palloc0((size_t)Max(sig->output_count, 1));
  t->columns = palloc0(sizeof(Datum) * (size_t)(2 + sig->output_count));
  t->nulls = palloc0(sizeof(bool) * (size_t)(2 + sig->output_count));
  MemoryContextSwitchTo(old);
  fcinfo->flinfo->fn_extra = t;
  return t;
}

Datum provisio_typed(PG_FUNCTION_ARGS) {
  Typed* t = fcinfo->flinfo->fn_extra != NULL ? (Typed*)fcinfo->flinfo->fn_extra : Prepare(fcinfo);
  const prv_signature* sig = t->sig;
  prv_record record;
  prv_result result;
  int32_t status;

  /* No row sees another's values. (Buffers grown by repalloc stay in the function's context.) */
  memset(t->values, 0, sizeof(int64_t) * 2 * (size_t)Max(sig->slot_count, 1));
  memset(t->present, 0, (size_t)Max(sig->slot_count, 1));
  memset(t->output_present, 0, (size_t)Max(sig->output_count, 1));
  memset(t->nulls, 0, sizeof(bool) * (size_t)(2 + sig->output_count));
  for (int l = 0; l < sig->list_count; ++l) t->lists[l].count = -1; /* not given: it queries none */
  t->text_count = 0;
  for (int i = 0; i < sig->fact_count; ++i) {
    const prv_field_info* f = &sig->facts[i];
    const char *found, *expected;
    if (PG_ARGISNULL(i)) continue; /* not given */
    expected = Value(t, f, PG_GETARG_DATUM(i), &t->values[2 * f->slot], &found);
    if (expected) BadFact(t, f->name, found, expected);
    t->present[f->slot] = 1;
  }
  for (int l = 0; l < sig->lists_read_count; ++l)
    FillList(t, &t->list_args[l], fcinfo, sig->fact_count + l, &t->lists[sig->lists_read[l].index]);
  record.values = t->values;
  record.present = t->present;
  record.lists = t->lists;
  record.list_count = sig->list_count;
  memset(&result, 0, sizeof result);
  result.outputs = t->outputs;
  result.output_present = t->output_present;
  result.error_site = result.error_fact = result.error_list = result.error_field = -1;
  result.error_element = -1;
  status = t->fn(&record, &result);
  if (status == PRV_ERROR) Failed(t, &result);
  t->columns[0] = BoolGetDatum(status == PRV_ELIGIBLE);
  if (status == PRV_ELIGIBLE) t->nulls[1] = true;
  else if (result.failed_rule >= 0 && result.failed_rule < sig->rule_count)
    t->columns[1] = CStringGetTextDatum(sig->rules[result.failed_rule].name);
  else
    t->columns[1] = CStringGetTextDatum("effective window");
  for (int o = 0; o < sig->output_count; ++o) {
    if (!t->output_present[o]) t->nulls[2 + o] = true;
    else t->columns[2 + o] = Output(t, &sig->outputs[o], &t->outputs[2 * o]);
  }
  PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(t->row, t->columns, t->nulls)));
}
