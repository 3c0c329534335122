/* provisio: benefit provisions evaluated inside PostgreSQL, by the modules
   `provisio build` makes (lib<policy>.so in provisio.module_path). Each call
   hands the row's facts to the module's JSON entry — the decoder, the
   decision and the renderer `provisio eval` uses — so that SQL answers
   exactly as the command line does. No LLVM and nothing of the compiler is
   loaded into the backend; a module computes and touches nothing else. */
#include "postgres.h"

#include <dlfcn.h>
#include <string.h>

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

#include "provisio/runtime.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(provisio_provision_in);
PG_FUNCTION_INFO_V1(provisio_provision_out);
PG_FUNCTION_INFO_V1(provisio_eval);
PG_FUNCTION_INFO_V1(provisio_try_eval);

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

/* The JSON entry of `provision`, loading its policy's module on first use. */
static json_entry Resolve(const char* provision) {
  size_t policy_length = PolicyLength(provision);
  const char* name = provision + policy_length + 1;
  StringInfoData path;
  void* module;
  int32_t (*abi)(void);
  json_entry entry;
  Resolved* r;

  for (r = resolved; r != NULL; r = r->next)
    if (strcmp(r->provision, provision) == 0 && strcmp(r->folder, module_path) == 0) return r->entry;
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
  entry = (json_entry)Symbol(module, provision, policy_length, name, strlen(name), "_eval_json");
  if (entry == NULL)
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("policy \"%.*s\" has no provision \"%s\"", (int)policy_length, provision, name)));
  r = MemoryContextAlloc(TopMemoryContext, sizeof(Resolved));
  r->folder = MemoryContextStrdup(TopMemoryContext, module_path);
  r->provision = MemoryContextStrdup(TopMemoryContext, provision);
  r->entry = entry;
  r->next = resolved;
  resolved = r;
  pfree(path.data);
  return entry;
}

/* A string member of a jsonb object, or NULL. */
static char* Member(Jsonb* object, const char* key) {
  JsonbValue value;
  if (getKeyJsonValueFromContainer(&object->root, key, strlen(key), &value) == NULL || value.type != jbvString)
    return NULL;
  return pnstrdup(value.val.string.val, value.val.string.len);
}

static Datum Evaluate(FunctionCallInfo fcinfo, bool raise) {
  char* provision = text_to_cstring(PG_GETARG_TEXT_PP(0));
  Jsonb* facts = PG_GETARG_JSONB_P(1);
  json_entry entry = Resolve(provision);
  char* text = JsonbToCString(NULL, &facts->root, VARSIZE(facts));
  char small[512];
  char* answer = small;
  int64_t length = 0;
  int32_t status = entry(text, (int64_t)strlen(text), small, sizeof small, &length);
  Jsonb* result;
  if (length >= (int64_t)sizeof small) {  /* the whole answer, into a buffer of its size */
    answer = palloc((Size)length + 1);
    status = entry(text, (int64_t)strlen(text), answer, length + 1, &length);
  }
  result = DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(answer)));
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
