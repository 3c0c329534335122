// `provisio build FILE.prv -o DIR`: the policy as a shared library
// (lib<policy>.so, the runtime linked in) and a C header describing its
// functions, fact slots, outputs and interned strings.
#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <iostream>
#include <set>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/report.h"
#include "driver/spawn.h"
#include "driver/writer.h"
#include "driver/compile.h"
#include "embed/policy_blob.h"


namespace provisio::driver {

namespace {
namespace fs = std::filesystem;

std::string JsonSymbol(const ir::Module& m, size_t i) { return codegen::SymbolName(m, i) + "_eval_json"; }

std::string Macro(const std::string& s) {
  std::string out;
  for (unsigned char c : s) out += std::isalnum(c) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

// A C string literal of `s` (UTF-8 passes through; quotes, backslashes and
// control characters are escaped).
std::string CString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c < 0x20) out += fmt::format("\\{:03o}", c);
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

// What a compact field holds (its width is its type's).
std::string CompactComment(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Money: return "money: fen";
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: return "ratio: numerator, denominator (> 0)";
    case ir::TypeKind::Date: return "date: days since 1970-01-01";
    case ir::TypeKind::Bool: return "bool: 0 or 1";
    case ir::TypeKind::Int: return "int";
    case ir::TypeKind::Text: return "text: an interned string id";
    case ir::TypeKind::Enum: return "enum: the word's index";
    default: return "";
  }
}

// The same in the ABI's two words per value.
std::string TypeComment(ir::Type t) {
  if (t.IsRatio()) return "ratio: numerator in word 0, denominator (> 0) in word 1";
  return CompactComment(t) + " in word 0";
}

// A C struct of `fields` as CompactLayout placed them, each offset and the
// size checked where the header is compiled.
std::string CompactStruct(const std::string& type, const std::string& head, const std::vector<codegen::CompactLayout::Field>& fields,
                          int64_t start, int64_t size, const std::function<std::string(int32_t)>& comment) {
  std::string s = "typedef struct " + type + " {\n" + head, checks;
  std::vector<const codegen::CompactLayout::Field*> by_offset;
  for (const auto& f : fields) by_offset.push_back(&f);
  std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
  for (const auto* f : by_offset) {
    const char* c = f->size == 1 ? "uint8_t" : f->size == 4 ? "int32_t" : "int64_t";
    if (f->size == 16) s += fmt::format("  int64_t {}_num, {}_den; /* {} */\n", f->name, f->name, comment(f->slot));
    else s += fmt::format("  {} {}; /* {} */\n", c, f->name, comment(f->slot));
    checks += fmt::format("PRV_STATIC_ASSERT(offsetof({}, {}{}) == {}, \"layout of {}\");\n", type, f->name,
                          f->size == 16 ? "_num" : "", f->offset, type);
  }
  int64_t end = start;
  for (const auto& f : fields) {
    s += fmt::format("  uint8_t has_{}; /* 1: given */\n", f.name);
    end = std::max(end, f.present_offset + 1);
  }
  for (const auto& f : fields) end = std::max(end, f.offset + f.size);
  if (end < size) s += fmt::format("  uint8_t reserved_[{}];\n", size - end);
  return s + "} " + type + ";\n" + checks + fmt::format("PRV_STATIC_ASSERT(sizeof({}) == {}, \"size of {}\");\n", type, size, type);
}

// The batch entry point of provision `i` and its compact structs, named from `prefix`.
std::string BatchDeclarations(const ir::Module& m, size_t i, std::string prefix) {
  const auto& prov = m.provisions[i];
  auto layout = codegen::Compact(m, prov);
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), ::tolower);
  std::string facts_type = prefix + "_facts", answer_type = prefix + "_answer";
  std::string h =
      "/* Batch: `count` records in the compact layout (only the facts this provision reads,\n"
      "   each as wide as its type), answered in order, deciding only (the first failed\n"
      "   condition); returns how many records failed (status PRV_ERROR). */\n";
  h += CompactStruct(facts_type, layout.lists_offset >= 0 ? fmt::format("  prv_list lists[{}];\n", m.schema.lists.size()) : "",
                     layout.facts, layout.lists_offset >= 0 ? layout.lists_offset : 0, layout.facts_size,
                     [&](int32_t slot) { return m.slots[slot].name + ", " + CompactComment(m.slots[slot].type); });
  h += CompactStruct(answer_type,
                     "  int32_t status;       /* PRV_ELIGIBLE, PRV_INELIGIBLE or PRV_ERROR */\n"
                     "  int32_t failed_rule;  /* the first failed condition; -1 outside the window */\n"
                     "  int32_t error_status, error_fact, error_list, error_field; /* with PRV_ERROR, as prv_result */\n"
                     "  int64_t error_element;\n",
                     layout.outputs, codegen::CompactLayout::kAnswerHead, layout.answer_size,
                     [&](int32_t o) { return CompactComment(prov.outputs[o].type); });
  // The head, written out above, is checked against the one the code writes.
  using Head = codegen::CompactLayout::AnswerHead;
  for (auto [name, offset] : {std::pair<const char*, size_t>{"status", offsetof(Head, status)},
                              {"failed_rule", offsetof(Head, failed_rule)}, {"error_status", offsetof(Head, error_status)},
                              {"error_fact", offsetof(Head, error_fact)}, {"error_list", offsetof(Head, error_list)},
                              {"error_field", offsetof(Head, error_field)}, {"error_element", offsetof(Head, error_element)}})
    h += fmt::format("PRV_STATIC_ASSERT(offsetof({}, {}) == {}, \"layout of {}\");\n", answer_type, name, offset, answer_type);
  return h + fmt::format("int64_t {}(const {}* facts, {}* answers, int64_t count);\n", codegen::BatchSymbolName(m, i),
                         facts_type, answer_type);
}

std::string Header(const ir::Module& m) {
  std::string p = Macro(m.policy_id);
  std::string h = fmt::format(
      "/* {} — {} ({})\n   Generated by `provisio build`: do not edit. Each function evaluates one\n"
      "   provision; it returns PRV_ELIGIBLE, PRV_INELIGIBLE or PRV_ERROR (see runtime.h). */\n"
      "#ifndef PROVISIO_{}_H\n#define PROVISIO_{}_H\n#include <stddef.h>\n\n#include \"runtime.h\"\n\n#ifdef __cplusplus\nextern \"C\" {{\n#endif\n\n",
      m.policy_id, m.title, m.source_doc, p, p);
  h += fmt::format("/* The ABI the module was built for: check {}() == PROVISIO_ABI_VERSION\n"
                   "   before the first call. Its functions keep no state between calls: any\n"
                   "   number of threads may call them at once, each with its own prv_result. */\n"
                   "int32_t {}(void);\n\n", codegen::AbiSymbol(m), codegen::AbiSymbol(m));
  h += fmt::format("/* Fact slots: prv_record.values holds two words per slot, present one byte. */\nenum {{ {}_SLOT_COUNT = {} }};\n", p, m.slots.size());
  for (size_t i = 0; i < m.slots.size(); ++i)
    h += fmt::format("#define {}_SLOT_{} {} /* {}{}{} */\n", p, Macro(m.slots[i].name), i, m.slots[i].name,
                     m.slots[i].optional ? " (may be absent)" : "", std::string(", ") + TypeComment(m.slots[i].type));
  // Only what this module reads: the enums of its slots and fields, its lists' layouts.
  std::set<int32_t> enums, lists;
  for (const auto& slot : m.slots)
    if (slot.type.kind == ir::TypeKind::Enum) enums.insert(slot.type.enum_id);
  for (const auto& prov : m.provisions) lists.insert(prov.lists_read.begin(), prov.lists_read.end());
  for (int32_t l : lists)
    for (const auto& f : m.schema.records[m.schema.lists[l].record].fields)
      if (f.enum_id >= 0) enums.insert(f.enum_id);
  for (int32_t id : enums) {
    const auto& e = m.schema.enums[id];
    for (size_t w = 0; w < e.words.size(); ++w) h += fmt::format("#define PRV_{}_{} {}\n", Macro(e.name), Macro(e.words[w]), w);
  }
  h += fmt::format("\n/* Lists: prv_record.lists holds one prv_list per list, {} in all (see runtime.h). */\n"
                   "enum {{ {}_LIST_COUNT = {} }};\n", m.schema.lists.size(), p, m.schema.lists.size());
  for (int32_t l : lists) {
    const auto& list = m.schema.lists[l];
    const auto& record = m.schema.records[list.record];
    std::string q = Macro(list.name);
    h += fmt::format("#define {}_LIST_{} {}\nenum {{ {}_{}_WIDTH = {} }};\n", p, q, l, p, q, record.fields.size());
    for (size_t f = 0; f < record.fields.size(); ++f)
      h += fmt::format("#define {}_{}_FIELD_{} {} /* {}{}, {} */\n", p, q, Macro(record.fields[f].name), f,
                       record.fields[f].name, record.fields[f].optional ? " (may be absent)" : "",
                       TypeComment(ir::TypeOf(record.fields[f])));
  }
  h += fmt::format("\n/* Interned strings (the policy's text constants): id = index. */\nstatic const char* const {}_STRINGS[] = {{\n", p);
  for (const auto& s : m.strings) h += fmt::format("  {},\n", CString(s));
  h += "};\n";
  for (size_t i = 0; i < m.provisions.size(); ++i) {
    const auto& prov = m.provisions[i];
    std::string q = Macro(prov.id.substr(prov.id.find('.') + 1));
    h += fmt::format("\n/* {} {} — {} */\n", prov.id, prov.title, prov.cite);
    h += fmt::format("int32_t {}(const prv_record* record, prv_result* result);\n", codegen::SymbolName(m, i));
    h += fmt::format("enum {{ {}_{}_OUTPUT_COUNT = {} }};\n", p, q, prov.outputs.size());
    for (size_t o = 0; o < prov.outputs.size(); ++o)
      h += fmt::format("#define {}_{}_OUT_{} {} /* {} */\n", p, q, Macro(prov.outputs[o].name), o, TypeComment(prov.outputs[o].type));
    // Every ground of a refusal: rule_state[i] (PRV_RULE_*) is condition i of this table.
    h += fmt::format("enum {{ {}_{}_RULE_COUNT = {} }};\n", p, q, prov.rules.size());
    for (size_t r = 0; r < prov.rules.size(); ++r)
      h += fmt::format("#define {}_{}_RULE_{} {}\n", p, q, Macro(prov.rules[r].name), r);
    if (!prov.rules.empty()) {
      h += fmt::format("static const prv_rule_info {}_{}_RULES[] = {{\n", p, q);
      for (const auto& rule : prov.rules)
        h += fmt::format("  {{{}, {}, {}}},\n", CString(rule.name), CString(rule.reason), CString(rule.cite));
      h += "};\n";
    }
    h += BatchDeclarations(m, i, fmt::format("{}_{}", p, q));
    h += fmt::format(
        "/* The same JSON facts `provisio eval` takes, the same answer it writes (and\n"
        "   {{\"error\":…,\"fact\":…}} for a record it refuses). Returns PRV_ELIGIBLE,\n"
        "   PRV_INELIGIBLE or PRV_ERROR; writes at most `capacity` bytes of the answer,\n"
        "   NUL included, as snprintf does, and its whole length to `answer_length`:\n"
        "   call again with a larger buffer when it is not less than `capacity`. It\n"
        "   allocates (each thread keeps its decoder between calls); thread-safe. */\n"
        "int32_t {}(const char* facts, int64_t facts_length, char* answer, int64_t capacity, int64_t* answer_length);\n"
        "/* What it reads and answers, for a host that fills its record itself. */\n"
        "const prv_signature* {}_signature(void);\n",
        JsonSymbol(m, i), codegen::SymbolName(m, i));
    std::string needed;
    for (int32_t slot : prov.needed_slots) needed += fmt::format("{}, ", slot);
    std::string read_lists;
    for (int32_t l : prov.lists_read) read_lists += (read_lists.empty() ? "" : ", ") + m.schema.lists[l].name;
    h += fmt::format("/* reads slots: {}lists: {} */\n", needed, read_lists.empty() ? "none" : read_lists);
  }
  h += "\n#ifdef __cplusplus\n}\n#endif\n#endif\n";
  return h;
}

// The runtime this executable ships with: installed, <prefix>/bin/provisio
// beside <prefix>/lib and <prefix>/include; in a build tree, the same
// folders beside the executable. Nothing is looked up in a source tree.
struct Runtime {
  fs::path archive, embed, header;  // embed: the JSON entry's decoder and renderer
};
std::optional<Runtime> FindRuntime(std::string& looked) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  for (const fs::path& base : {self.parent_path().parent_path(), self.parent_path()}) {
    Runtime r{base / "lib" / "libprovisio_runtime.a", base / "lib" / "libprovisio_embed.a",
              base / "include" / "provisio" / "runtime.h"};
    if (fs::exists(r.archive, ec) && fs::exists(r.embed, ec) && fs::exists(r.header, ec)) return r;
    looked += (looked.empty() ? "" : ", ") + r.archive.string();
  }
  return std::nullopt;
}

int32_t Kind(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Bool: return PRV_KIND_BOOL;
    case ir::TypeKind::Int: return PRV_KIND_INT;
    case ir::TypeKind::Decimal: return PRV_KIND_DECIMAL;
    case ir::TypeKind::Rate: return PRV_KIND_RATE;
    case ir::TypeKind::Money: return PRV_KIND_MONEY;
    case ir::TypeKind::Date: return PRV_KIND_DATE;
    case ir::TypeKind::Text: return PRV_KIND_TEXT;
    default: return PRV_KIND_ENUM;
  }
}

// Provision `i`'s prv_signature in C: its facts, the lists it queries,
// its outputs and conditions; `strings` names the module's text constants.
std::string Signature(const ir::Module& m, size_t i, const std::string& strings) {
  const auto& p = m.provisions[i];
  std::string c, s = codegen::SymbolName(m, i);
  int words_made = 0;
  // One prv_field_info; an enum's words go into an array of their own.
  auto field = [&](const std::string& name, size_t slot, ir::Type t, bool optional) {
    std::string words = "0, 0";
    if (t.kind == ir::TypeKind::Enum) {
      const auto& e = m.schema.enums[t.enum_id].words;
      std::string array = fmt::format("{}_words{}", s, words_made++);
      c += fmt::format("static const char* const {}[] = {{", array);
      for (const auto& w : e) c += CString(w) + ", ";
      c += "};\n";
      words = fmt::format("{}, {}", e.size(), array);
    }
    return fmt::format("  {{{}, {}, {}, {}, {}}},\n", CString(name), slot, Kind(t), optional ? 1 : 0, words);
  };
  auto array = [&](const char* type, const std::string& name, const std::string& items) {
    if (items.empty()) return std::string("0");
    c += fmt::format("static const {} {}[] = {{\n{}}};\n", type, name, items);
    return name;
  };
  std::string facts, lists, outputs, rules;
  for (int32_t slot : p.needed_slots) facts += field(m.slots[slot].name, slot, m.slots[slot].type, m.slots[slot].optional);
  for (int32_t l : p.lists_read) {
    const auto& list = m.schema.lists[l];
    const auto& record = m.schema.records[list.record];
    std::string fields;
    for (size_t f = 0; f < record.fields.size(); ++f)
      fields += field(record.fields[f].name, f, ir::TypeOf(record.fields[f]), record.fields[f].optional);
    lists += fmt::format("  {{{}, {}, {}, {}, {}}},\n", CString(list.name), l, CString(record.name), record.fields.size(),
                         array("prv_field_info", fmt::format("{}_list{}", s, l), fields));
  }
  for (size_t o = 0; o < p.outputs.size(); ++o) outputs += field(p.outputs[o].name, o, p.outputs[o].type, false);
  for (const auto& rule : p.rules) rules += fmt::format("  {{{}, {}, {}}},\n", CString(rule.name), CString(rule.reason), CString(rule.cite));
  std::string f = array("prv_field_info", s + "_facts", facts), l = array("prv_list_info", s + "_lists", lists),
              o = array("prv_field_info", s + "_outputs", outputs), r = array("prv_rule_info", s + "_rules", rules);
  c += fmt::format("static const prv_signature {}_sig = {{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, prv_ratio_format}};\n", s,
                   m.slots.size(), m.schema.lists.size(), p.needed_slots.size(), f, p.lists_read.size(), l, p.outputs.size(), o,
                   p.rules.size(), r, m.strings.size(), m.strings.empty() ? "0" : strings);
  c += fmt::format("const prv_signature* {}_signature(void) {{ return &{}_sig; }}\n", s, s);
  return c;
}

// The module's entries in C: the policy blob (embed/policy_blob.h) and, per
// provision, a wrapper handing it and the provision's function to the
// embedded decoder and renderer (embed/eval_json.h), and its signature.
std::string ModuleEntries(const eval::CompiledPolicy& policy) {
  const auto& m = policy.module;
  std::string blob = embed::Serialize(policy), c = "#include <stdint.h>\n#include \"runtime.h\"\n";
  c += "int32_t prv_embedded_eval_json(const unsigned char*, int64_t, int32_t, int32_t (*)(const prv_record*, prv_result*),\n"
       "                               const char*, int64_t, char*, int64_t, int64_t*);\n";
  c += fmt::format("static const unsigned char blob[{}] = {{", blob.size());
  for (size_t i = 0; i < blob.size(); ++i) c += fmt::format("{}{}", i % 32 == 0 ? "\n" : "", static_cast<unsigned char>(blob[i])) + ",";
  c += "\n};\n";
  for (size_t i = 0; i < m.provisions.size(); ++i)
    c += fmt::format(
        "int32_t {}(const prv_record*, prv_result*);\n"
        "int32_t {}(const char* facts, int64_t facts_length, char* answer, int64_t capacity, int64_t* answer_length) {{\n"
        "  return prv_embedded_eval_json(blob, sizeof blob, {}, {}, facts, facts_length, answer, capacity, answer_length);\n}}\n",
        codegen::SymbolName(m, i), JsonSymbol(m, i), i, codegen::SymbolName(m, i));
  if (!m.strings.empty()) {
    c += "static const char* const strings[] = {\n";
    for (const auto& text : m.strings) c += "  " + CString(text) + ",\n";
    c += "};\n";
  }
  for (size_t i = 0; i < m.provisions.size(); ++i) c += Signature(m, i, "strings");
  return c;
}

// `provisio build --sql`: per provision, a PostgreSQL function taking the
// facts it reads as SQL values, and each list it queries as an array of a
// composite type of its record, and answering with a row, for the
// extension's typed entry (postgres/provisio.c, provisio_typed).
std::string SqlType(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Bool: return "boolean";
    case ir::TypeKind::Int: return "bigint";
    case ir::TypeKind::Date: return "date";
    case ir::TypeKind::Text:
    case ir::TypeKind::Enum: return "text";
    default: return "numeric";
  }
}
std::string Quoted(const std::string& id) { return "\"" + id + "\""; }  // ids hold no quote
std::string Sql(const ir::Module& m) {
  std::string q = Quoted(m.policy_id);
  std::set<int32_t> records;
  for (const auto& p : m.provisions)
    for (int32_t l : p.lists_read) records.insert(m.schema.lists[l].record);
  std::string sql = fmt::format(
      "-- {} — {}: typed functions, generated by `provisio build --sql` (do not edit).\n"
      "-- Each takes the facts its provision reads (NULL: not given){}\n"
      "-- and answers with a row, computed by lib{}.so in provisio.module_path.\n"
      "-- Needs CREATE EXTENSION provisio.\n"
      "CREATE SCHEMA IF NOT EXISTS {};\n",
      m.policy_id, m.title,
      records.empty() ? ""
                      : fmt::format(" and the lists it queries, as arrays of their\n"
                                    "-- records (ARRAY(SELECT ROW(…)::{}.{} FROM …); NULL: not given, '{{}}': none)",
                                    q, Quoted(m.schema.records[*records.begin()].name)),
      m.policy_id, q);
  for (int32_t r : records) {
    const auto& record = m.schema.records[r];
    std::string fields;
    for (const auto& f : record.fields)
      fields += fmt::format("{}{} {}", fields.empty() ? "" : ", ", Quoted(f.name), SqlType(ir::TypeOf(f)));
    sql += fmt::format("\n-- {}\nCREATE TYPE {}.{} AS ({});\n", record.description, q, Quoted(record.name), fields);
  }
  for (const auto& p : m.provisions) {
    std::string name = p.id.substr(p.id.find('.') + 1);
    std::string answer = Quoted(name + "_answer"), columns = "eligible boolean, failed_condition text", args;
    for (const auto& o : p.outputs) columns += fmt::format(", {} {}", Quoted(o.name), SqlType(o.type));
    // A fact's argument is its name with `_` for `.`, but where that is taken.
    std::set<std::string> taken;
    auto arg = [&](std::string n, const std::string& type) {
      std::string plain = n;
      std::replace(plain.begin(), plain.end(), '.', '_');
      args += fmt::format("{}{} {}", args.empty() ? "" : ", ", Quoted(taken.insert(plain).second ? plain : n), type);
    };
    for (int32_t slot : p.needed_slots) arg(m.slots[slot].name, SqlType(m.slots[slot].type));
    for (int32_t l : p.lists_read)
      arg(m.schema.lists[l].name, fmt::format("{}.{}[]", q, Quoted(m.schema.records[m.schema.lists[l].record].name)));
    sql += fmt::format(
        "\n-- {} {} ({})\nCREATE TYPE {}.{} AS ({});\nCREATE FUNCTION {}.{}({}) RETURNS {}.{}\n"
        "  AS '$libdir/provisio', 'provisio_typed' LANGUAGE C IMMUTABLE PARALLEL SAFE;\n",
        p.id, p.title, p.cite, q, answer, columns, q, Quoted(name), args, q, answer);
  }
  return sql;
}

// What the library exports: its provisions and its ABI version, nothing of
// the runtime, so that two modules in one process neither share nor clash.
std::string ExportMap(const ir::Module& m) {
  std::string map = "{\n  global:\n";
  for (size_t i = 0; i < m.provisions.size(); ++i)
    map += "    " + codegen::SymbolName(m, i) + ";\n    " + codegen::BatchSymbolName(m, i) + ";\n    " +
           JsonSymbol(m, i) + ";\n    " + codegen::SymbolName(m, i) + "_signature;\n";
  return map + "    " + codegen::AbiSymbol(m) + ";\n  local: *;\n};\n";
}

// A folder for the pieces while they are made, removed whatever happens:
// the output folder receives finished files only.
class Staging {
 public:
  explicit Staging(const fs::path& parent) {
    std::string name = (parent / ".provisio-build.XXXXXX").string();
    if (mkdtemp(name.data()) != nullptr) path_ = name;
  }
  ~Staging() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};
}  // namespace

int RunBuild(const std::string& policy_path, const std::string& out_dir, codegen::TargetCpu cpu, bool sql) {
  auto policy = Compile(policy_path, std::cerr);
  if (!policy) return 1;
  const auto& m = policy->module;
  std::string looked;
  auto runtime = FindRuntime(looked);
  if (!runtime) {
    Report(diag::Kind::BuildFailed, fmt::format("cannot find the Provisio runtime (looked for {}): is provisio installed whole?", looked));
    return 3;
  }
  std::error_code ec;
  fs::path dir(out_dir);
  fs::create_directories(dir, ec);
  if (ec) {
    Report(diag::Kind::BuildFailed, fmt::format("cannot make the folder `{}`: {}", out_dir, ec.message()));
    return 3;
  }
  Staging staging(dir);
  if (staging.path().empty()) {
    Report(diag::Kind::BuildFailed, fmt::format("cannot write in `{}`: {}", out_dir, std::strerror(errno)));
    return 3;
  }
  const fs::path& work = staging.path();
  // lib<policy>.so.<ABI>, with lib<policy>.so linking to it, as shared libraries are installed.
  std::string soname = fmt::format("lib{}.so.{}", m.policy_id, PROVISIO_ABI_VERSION);
  std::string link_name = "lib" + m.policy_id + ".so", header_name = m.policy_id + ".h";
  fs::path object = work / (m.policy_id + ".o"), exports = work / "exports.map", log = work / "link.log",
           entries = work / "entries.c";
  std::string error;
  if (!codegen::EmitObject(m, object.string(), cpu, Reporter())) return 1;
  if (!WriteFile(exports.string(), ExportMap(m), error) || !WriteFile((work / header_name).string(), Header(m), error) ||
      !WriteFile(entries.string(), ModuleEntries(*policy), error)) {
    Report(diag::Kind::BuildFailed, "cannot write in the output folder: " + error);
    return 3;
  }
  if (Spawn({"cc", "-shared", "-fPIC", "-O1", "-I" + runtime->header.parent_path().string(), "-o", (work / soname).string(),
           "-Wl,-soname," + soname, object.string(), entries.string(), "-Wl,--whole-archive", runtime->archive.string(),
           "-Wl,--no-whole-archive", runtime->embed.string(), "-lstdc++", "-lm", "-Wl,--strip-debug",
           "-Wl,--version-script=" + exports.string()},
          log) != 0) {
    std::string said;
    source::ReadFile(log.string(), said);
    Report(diag::Kind::BuildFailed, fmt::format("linking {} failed (is `cc` installed?){}{}", soname, said.empty() ? "" : ":\n", said));
    return 1;
  }
  std::string sql_name = m.policy_id + ".sql";
  if (sql && !WriteFile((work / sql_name).string(), Sql(m), error)) {
    Report(diag::Kind::BuildFailed, "cannot write in the output folder: " + error);
    return 3;
  }
  fs::copy_file(runtime->header, work / "runtime.h", ec);
  if (!ec) fs::create_symlink(soname, work / link_name, ec);
  // Finished: the files take their places one rename each, the library last.
  std::vector<std::string> names = {"runtime.h", header_name, link_name, soname};
  if (sql) names.insert(names.begin(), sql_name);
  for (const std::string& name : names) {
    if (!ec) fs::rename(work / name, dir / name, ec);
    if (ec) {
      Report(diag::Kind::BuildFailed, fmt::format("cannot finish {} in `{}`: {}", name, out_dir, ec.message()));
      return 3;
    }
  }
  std::cout << fmt::format("{}\n{}\n", (dir / link_name).string(), (dir / header_name).string());
  if (sql) std::cout << (dir / sql_name).string() << "\n";
  return 0;
}

}  // namespace provisio::driver
