// provisio-differential: a module made by `provisio build` answers exactly
// as the JIT `provisio eval` runs. Both are given the same typed records —
// every golden case of the policy, decoded as eval decodes it, and random
// records of every provision (facts absent, at and beyond their declared
// ranges, numbers large enough to overflow, lists absent or long) — and
// every word of the results must agree: status, outputs, each condition's
// state, and the error with the fact it names. The module's batch entry,
// given the same records in its compact layout one at a time and all at
// once, must answer as its own single call does. Its JSON entry, given
// each golden case's JSON and each random record written as JSON, must
// answer byte for byte as `provisio eval` does (the JIT's evaluator).
//
// Usage: provisio-differential PROVISIO POLICY CASES_DIR [--policy-path DIR] [--random N]
// PROVISIO is the command that builds the module: a path, or a command line.
#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>

#include "driver/compile.h"
#include "driver/json.h"
#include "driver/report.h"
#include "embed/policy_blob.h"
#include "eval/render.h"
#include "ir/print.h"
#include "source/source_file.h"

using namespace provisio;
namespace fs = std::filesystem;

namespace {

// One call's results, every word the ABI defines.
struct Answer {
  int32_t status = -1;
  std::vector<int64_t> outputs;
  std::vector<uint8_t> present, states;
  prv_result res{};

  Answer(size_t outputs_n, size_t rules_n, bool grounds)
      : outputs(2 * outputs_n, 0x5a5a), present(outputs_n, 7), states(rules_n, 9) {
    res = {outputs.data(), present.data(), -7, -7, -7, -7, nullptr, grounds ? states.data() : nullptr, -7, nullptr, -7, -7, -7};
  }
  void Call(codegen::ProvisionFn fn, const prv_record& rec) { status = codegen::CallNative(fn, &rec, &res); }

  // What differs from `o`, in words; empty when they agree.
  std::string Differs(const Answer& o, const ir::Provision& p) const {
    auto field = [](const char* name, int64_t a, int64_t b) {
      return a == b ? std::string() : fmt::format(" {}: jit {} / module {};", name, a, b);
    };
    std::string d = field("status", status, o.status);
    if (!d.empty()) return d;
    if (status == PRV_ERROR) {
      d += field("error_status", res.error_status, o.res.error_status) + field("error_site", res.error_site, o.res.error_site) +
           field("error_fact", res.error_fact, o.res.error_fact) + field("error_list", res.error_list, o.res.error_list) +
           field("error_field", res.error_field, o.res.error_field) +
           field("error_element", res.error_element, o.res.error_element);
      return d;
    }
    d += field("failed_rule", res.failed_rule, o.res.failed_rule) + field("failed_count", res.failed_count, o.res.failed_count);
    for (size_t i = 0; i < states.size() && res.rule_state; ++i)
      d += field(("rule_state " + p.rules[i].name).c_str(), states[i], o.states[i]);
    for (size_t i = 0; i < present.size(); ++i) {
      d += field(("present " + p.outputs[i].name).c_str(), present[i], o.present[i]);
      if (present[i] && present[i] == o.present[i])
        for (int w = 0; w < (p.outputs[i].type.IsRatio() ? 2 : 1); ++w)
          d += field(p.outputs[i].name.c_str(), outputs[2 * i + w], o.outputs[2 * i + w]);
    }
    return d;
  }
};

struct Totals {
  size_t records = 0, eligible = 0, ineligible = 0, errors = 0, undecodable = 0, mismatches = 0, batched = 0, json = 0;
};

class Differential {
 public:
  Differential(const eval::CompiledPolicy& policy, const codegen::Jit& jit, void* module)
      : policy_(policy), jit_(jit), module_(module) {}

  bool Resolve() {
    const auto& m = policy_.module;
    for (size_t i = 0; i < m.provisions.size(); ++i) {
      std::string json_symbol = codegen::SymbolName(m, i) + "_eval_json";
      auto* json = reinterpret_cast<JsonFn>(dlsym(module_, json_symbol.c_str()));
      if (json == nullptr) {
        std::cerr << "the module has no " << json_symbol << "\n";
        return false;
      }
      json_.push_back(json);
      evaluators_.push_back(std::make_unique<eval::Evaluator>(policy_, jit_, static_cast<int>(i)));
      auto* fn = reinterpret_cast<codegen::ProvisionFn>(dlsym(module_, codegen::SymbolName(m, i).c_str()));
      if (fn == nullptr) {
        std::cerr << "the module has no " << codegen::SymbolName(m, i) << "\n";
        return false;
      }
      built_.push_back(fn);
      auto* batch = reinterpret_cast<BatchFn>(dlsym(module_, codegen::BatchSymbolName(m, i).c_str()));
      if (batch == nullptr) {
        std::cerr << "the module has no " << codegen::BatchSymbolName(m, i) << "\n";
        return false;
      }
      batch_.push_back(batch);
      layouts_.push_back(codegen::Compact(m, m.provisions[i]));
    }
    return true;
  }

  // `rec` in provision `index`'s compact layout, appended to `out`.
  void Pack(int index, const prv_record& rec, std::vector<uint8_t>& out) const {
    size_t base = out.size();
    out.resize(base + layouts_[index].facts_size);
    layouts_[index].Pack(rec, &out[base]);
  }

  // The batch's answer `a` against the module's own call, deciding only.
  void CompareAnswer(int index, const uint8_t* a, const Answer& single, const std::string& what) {
    const auto& layout = layouts_[index];
    const auto& p = policy_.module.provisions[index];
    auto i32 = [&](int64_t at) { int32_t v; std::memcpy(&v, a + at, 4); return int64_t{v}; };
    auto i64 = [&](int64_t at) { int64_t v; std::memcpy(&v, a + at, 8); return v; };
    auto field = [](const std::string& name, int64_t x, int64_t y) {
      return x == y ? std::string() : fmt::format(" {}: call {} / batch {};", name, x, y);
    };
    codegen::CompactLayout::AnswerHead head;
    std::memcpy(&head, a, sizeof head);
    std::string d = field("status", single.status, head.status);
    if (d.empty() && single.status == PRV_ERROR) {
      d += field("error_status", single.res.error_status, head.error_status) +
           field("error_fact", single.res.error_fact, head.error_fact) +
           field("error_list", single.res.error_list, head.error_list) +
           field("error_field", single.res.error_field, head.error_field) +
           field("error_element", single.res.error_element, head.error_element);
    } else if (d.empty()) {
      d += field("failed_rule", single.res.failed_rule, head.failed_rule);
      for (const auto& o : layout.outputs) {
        d += field("has " + o.name, single.present[o.slot], a[o.present_offset]);
        if (!single.present[o.slot]) continue;
        int64_t value = o.size == 1 ? a[o.offset] : o.size == 4 ? i32(o.offset) : i64(o.offset);
        d += field(o.name, single.outputs[2 * o.slot], value);
        if (o.size == 16) d += field(o.name + " den", single.outputs[2 * o.slot + 1], i64(o.offset + 8));
      }
    }
    if (!d.empty() && ++totals.mismatches <= 20) std::cerr << fmt::format("MISMATCH {} batch ({}):{}\n", p.id, what, d);
    ++totals.batched;
  }

  // The JSON entry on `text` against `provisio eval`'s answer to it.
  void CompareJson(int index, const std::string& text, const std::string& what) {
    eval::Outcome o = evaluators_[index]->Evaluate(text);
    std::string expected = o.ok ? o.json : o.Json();
    int32_t expected_status = !o.ok ? PRV_ERROR : o.eligible ? PRV_ELIGIBLE : PRV_INELIGIBLE;
    // A buffer too small at first, as snprintf's callers meet it: the prefix, then the whole.
    std::string answer(48, '\1');
    int64_t length = -1;
    int32_t status = json_[index](text.data(), static_cast<int64_t>(text.size()), answer.data(), 48, &length);
    std::string d;
    if (length < 0) d = " no length;";
    else if (length >= 48 && answer.compare(0, 48, expected.substr(0, 47) + '\0') != 0) d = " a cut answer is not its prefix;";
    if (d.empty() && length >= 48) {
      answer.assign(static_cast<size_t>(length) + 1, '\1');
      status = json_[index](text.data(), static_cast<int64_t>(text.size()), answer.data(), length + 1, &length);
    }
    if (d.empty()) answer.resize(static_cast<size_t>(std::max<int64_t>(length, 0)));
    if (d.empty() && (status != expected_status || answer != expected))
      d = fmt::format(" status {} / {}; answer\n  eval:   {}\n  module: {}", expected_status, status, expected, answer);
    if (!d.empty() && ++totals.mismatches <= 20)
      std::cerr << fmt::format("MISMATCH {} JSON ({}):{}\n", policy_.module.provisions[index].id, what, d);
    ++totals.json;
  }

  // Both answers on one record, with all grounds and with the decision only.
  void Compare(int index, const prv_record& rec, const std::string& what) {
    const auto& p = policy_.module.provisions[index];
    for (bool grounds : {true, false}) {
      Answer jit(p.outputs.size(), p.rules.size(), grounds), built(p.outputs.size(), p.rules.size(), grounds);
      jit.Call(jit_.Lookup(index), rec);
      built.Call(built_[index], rec);
      std::string d = jit.Differs(built, p);
      if (!d.empty()) {
        if (++totals.mismatches <= 20) std::cerr << fmt::format("MISMATCH {} ({}, grounds {}):{}\n", p.id, what, grounds, d);
        return;
      }
      if (!grounds) {
        // The batch entry on this record alone, then later with all the others.
        std::vector<uint8_t> one;
        Pack(index, rec, one);
        std::vector<uint8_t> answer(layouts_[index].answer_size);
        batch_[index](one.data(), answer.data(), 1);
        CompareAnswer(index, answer.data(), built, what);
        if (pending_ != nullptr) {
          Pack(index, rec, pending_->facts);
          pending_->expected.push_back(std::move(built));
        }
        continue;
      }
      ++totals.records;
      if (jit.status == PRV_ERROR) ++totals.errors;
      else if (jit.status == PRV_ELIGIBLE) ++totals.eligible;
      else ++totals.ineligible;
    }
  }

  // Every case of a suite, decoded as `provisio eval` decodes it.
  bool Suite(const fs::path& file) {
    std::string text, error;
    if (!source::ReadFile(file.string(), text)) return Fail(file, "cannot read");
    auto suite = driver::ParseJson(text, error);
    if (!suite) return Fail(file, error);
    const driver::Json* id = suite->Find("provision");
    const driver::Json* cases = suite->Find("cases");
    if (id == nullptr || cases == nullptr) return Fail(file, "no provision or cases");
    int index = driver::FindProvision(policy_.module, id->text);
    if (index < 0) return Fail(file, "unknown provision " + id->text);
    driver::Json base;
    base.kind = driver::Json::Kind::Object;
    if (const driver::Json* b = suite->Find("base")) base = *b;
    eval::Host host(policy_, {index});
    for (const auto& c : cases->items) {
      const driver::Json* facts = c.Find("facts");
      const driver::Json* name = c.Find("name");
      driver::Json record = facts ? driver::Json::Merge(base, *facts) : base;
      std::string what = fmt::format("{}: {}", file.filename().string(), name ? name->text : "?");
      CompareJson(index, record.Dump(), what);
      // A value the decoder refuses never reaches compiled code (there is no typed record to give).
      if (host.Load(record.Dump()) || host.Check(index)) {
        ++totals.undecodable;
        continue;
      }
      Compare(index, host.record().View(), what);
    }
    return true;
  }

  // `n` random records for every provision: each fact it reads present or
  // not, and its value in range, at a bound, beyond it, or huge.
  void Random(size_t n, uint64_t seed) {
    const auto& m = policy_.module;
    std::mt19937_64 rng(seed);
    auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
    auto chance = [&](int percent) { return pick(1, 100) <= percent; };
    int64_t day2015 = 0, day2027 = 0;
    prv_date_from_ymd(2015, 1, 1, &day2015);
    prv_date_from_ymd(2027, 12, 31, &day2027);
    auto value = [&](const schema::Field& f, int64_t* w) {
      using V = schema::ValueType;
      w[1] = 1;
      bool wild = chance(4);  // outside its type's or declaration's range
      switch (f.type) {
        case V::Bool: w[0] = wild ? 2 : pick(0, 1); break;
        case V::Int:
          if (wild) w[0] = chance(50) ? f.min.value_or(0) - 1 : f.max.value_or(INT64_MAX / 3) + 1;
          else w[0] = chance(5) ? INT64_MAX / 3 : pick(f.min.value_or(-3), f.max.value_or(400));
          break;
        case V::Enum:
          w[0] = wild ? static_cast<int64_t>(m.schema.enums[f.enum_id].words.size())
                      : pick(0, static_cast<int64_t>(m.schema.enums[f.enum_id].words.size()) - 1);
          break;
        case V::Date: w[0] = wild ? (chance(50) ? INT64_MIN / 2 : 4000000) : pick(day2015, day2027); break;
        case V::Money: w[0] = wild ? (f.min ? -1 : INT64_MIN) : chance(3) ? INT64_MAX / 2 : pick(0, 200000000); break;
        case V::Rate:
        case V::Decimal:
          w[0] = chance(3) ? INT64_MAX / 3 : pick(f.min ? 0 : -20, 150);
          w[1] = wild ? pick(-1, 0) : std::vector<int64_t>{1, 2, 3, 7, 100, 1000, 10000}[pick(0, 6)];
          break;
        case V::Text: w[0] = pick(-1, static_cast<int64_t>(m.strings.size())); break;
      }
    };
    for (size_t p = 0; p < m.provisions.size(); ++p) {
      const auto& prov = m.provisions[p];
      Pending pending;
      pending_ = &pending;
      std::vector<std::vector<int64_t>> kept_values;  // the lists the batch's records point to
      std::vector<std::vector<uint8_t>> kept_present;
      for (size_t r = 0; r < n; ++r) {
        std::vector<int64_t> values(2 * m.slots.size(), 0);
        std::vector<uint8_t> present(m.slots.size(), 0);
        for (int32_t slot : prov.needed_slots) {
          present[slot] = chance(m.slots[slot].optional ? 60 : 97);
          if (present[slot]) value(m.schema.facts[m.slots[slot].fact], &values[2 * slot]);
        }
        std::vector<std::vector<int64_t>> list_values(m.schema.lists.size());
        std::vector<std::vector<uint8_t>> list_present(m.schema.lists.size());
        std::vector<prv_list> lists(m.schema.lists.size(), prv_list{nullptr, nullptr, -1});
        for (int32_t l : prov.lists_read) {
          const auto& fields = m.schema.records[m.schema.lists[l].record].fields;
          int64_t count = chance(3) ? -1 : pick(0, 4);
          for (int64_t e = 0; e < count; ++e)
            for (const auto& f : fields) {
              list_values[l].insert(list_values[l].end(), {0, 1});
              bool here = !f.optional || chance(70);
              list_present[l].push_back(here || chance(2));  // rarely a required field absent
              int64_t* w = &list_values[l][list_values[l].size() - 2];
              if (here) value(f, w);
              else w[0] = f.type == schema::ValueType::Text ? -1 : (chance(95) ? INT64_MIN : 5);
            }
          // Most elements claim this very provision, so that claim limits are reached.
          for (int64_t e = 0; e < count; ++e)
            for (size_t k = 0; k < fields.size(); ++k)
              if (fields[k].type == schema::ValueType::Text && chance(60) && !m.strings.empty())
                list_values[l][2 * (e * fields.size() + k)] = pick(0, static_cast<int64_t>(m.strings.size()) - 1);
          lists[l] = {list_values[l].data(), list_present[l].data(), count};
        }
        prv_record rec{values.data(), present.data(), lists.data(), static_cast<int64_t>(lists.size())};
        std::string what = fmt::format("random record {} of seed {}", r, seed);
        Compare(static_cast<int>(p), rec, what);
        CompareJson(static_cast<int>(p), RecordJson(prov, rec), what);
        for (auto& v : list_values) kept_values.push_back(std::move(v));
        for (auto& v : list_present) kept_present.push_back(std::move(v));
      }
      pending_ = nullptr;
      // All of them in one batch: each answer where its record's is.
      size_t count = pending.expected.size();
      std::vector<uint8_t> answers(count * layouts_[p].answer_size);
      int64_t failed = batch_[p](pending.facts.data(), answers.data(), static_cast<int64_t>(count));
      int64_t errors = 0;
      for (size_t r = 0; r < count; ++r) {
        CompareAnswer(static_cast<int>(p), &answers[r * layouts_[p].answer_size], pending.expected[r],
                      fmt::format("record {} of a batch of {}", r, count));
        errors += pending.expected[r].status == PRV_ERROR;
      }
      if (failed != errors && ++totals.mismatches <= 20)
        std::cerr << fmt::format("MISMATCH {} batch: returns {} failed, {} records failed\n", prov.id, failed, errors);
    }
  }

  Totals totals;

 private:
  bool Fail(const fs::path& file, const std::string& why) {
    std::cerr << file.string() << ": " << why << "\n";
    return false;
  }
  // A typed value as JSON, as an export would write it; what JSON cannot
  // hold as the type (a bool 2, a word past the enum's) is written as a
  // number, for the decoder to refuse.
  std::string ValueJson(const schema::Field& f, const int64_t* w) const {
    using V = schema::ValueType;
    const auto& m = policy_.module;
    char buf[64];
    switch (f.type) {
      case V::Bool: return w[0] == 0 ? "false" : w[0] == 1 ? "true" : std::to_string(w[0]);
      case V::Int: return std::to_string(w[0]);
      case V::Enum: {
        const auto& words = m.schema.enums[f.enum_id].words;
        return w[0] >= 0 && w[0] < static_cast<int64_t>(words.size()) ? source::JsonString(words[w[0]]) : std::to_string(w[0]);
      }
      case V::Date: return w[0] > -700000 && w[0] < 2900000 ? "\"" + ir::DateText(w[0]) + "\"" : std::to_string(w[0]);
      case V::Money: return std::string(buf, prv_money_format(w[0], buf));
      case V::Rate:
      case V::Decimal: return w[1] > 0 ? std::string(buf, prv_ratio_format(w[0], w[1], buf)) : "\"1/0\"";
      case V::Text:
        return source::JsonString(w[0] >= 0 && w[0] < static_cast<int64_t>(m.strings.size()) ? m.strings[w[0]] : "其他");
    }
    return "null";
  }
  // The facts of `rec` that `p` reads, nested by group, its lists as arrays.
  std::string RecordJson(const ir::Provision& p, const prv_record& rec) const {
    const auto& m = policy_.module;
    std::map<std::string, std::string> groups;
    for (int32_t slot : p.needed_slots) {
      if (!rec.present[slot]) continue;
      const std::string& name = m.slots[slot].name;
      std::string& g = groups[name.substr(0, name.find('.'))];
      g += (g.empty() ? "" : ",") + source::JsonString(name.substr(name.find('.') + 1)) + ":" +
           ValueJson(m.schema.facts[m.slots[slot].fact], &rec.values[2 * slot]);
    }
    std::string out;
    for (const auto& [group, members] : groups) out += (out.empty() ? "" : ",") + source::JsonString(group) + ":{" + members + "}";
    for (int32_t l : p.lists_read) {
      const prv_list& list = rec.lists[l];
      if (list.count < 0) continue;
      const auto& fields = m.schema.records[m.schema.lists[l].record].fields;
      std::string items;
      for (int64_t e = 0; e < list.count; ++e) {
        std::string item;
        for (size_t f = 0; f < fields.size(); ++f) {
          size_t at = static_cast<size_t>(e) * fields.size() + f;
          if (!list.present[at]) continue;
          item += (item.empty() ? "" : ",") + source::JsonString(fields[f].name) + ":" + ValueJson(fields[f], &list.values[2 * at]);
        }
        items += (items.empty() ? "{" : ",{") + item + "}";
      }
      out += (out.empty() ? "" : ",") + source::JsonString(m.schema.lists[l].name) + ":[" + items + "]";
    }
    return "{" + out + "}";
  }

  using BatchFn = int64_t (*)(const void*, void*, int64_t);
  using JsonFn = int32_t (*)(const char*, int64_t, char*, int64_t, int64_t*);
  // Records gathered for one batch call, with the module's single answers.
  struct Pending {
    std::vector<uint8_t> facts;
    std::vector<Answer> expected;
  };
  const eval::CompiledPolicy& policy_;
  const codegen::Jit& jit_;
  void* module_;
  std::vector<codegen::ProvisionFn> built_;
  std::vector<BatchFn> batch_;
  std::vector<JsonFn> json_;
  std::vector<std::unique_ptr<eval::Evaluator>> evaluators_;  // `provisio eval`, per provision
  std::vector<codegen::CompactLayout> layouts_;
  Pending* pending_ = nullptr;
};

std::string Quoted(const std::string& s) { return "'" + s + "'"; }
}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: provisio-differential PROVISIO POLICY CASES_DIR [--policy-path DIR] [--random N]\n";
    return 2;
  }
  std::string provisio = argv[1], policy_path = argv[2], cases = argv[3], roots;
  size_t random = 2000;
  for (int i = 4; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--policy-path") roots = argv[i + 1];
    if (std::string(argv[i]) == "--random") random = std::stoul(argv[i + 1]);
  }
  if (!roots.empty()) driver::SetPolicyPath({roots});
  auto policy = driver::Compile(policy_path, std::cerr);
  if (!policy) return 1;
  auto jit = codegen::Jit::Create(policy->module, driver::Reporter());
  if (!jit) return 1;
  // The policy blob a module carries reads back to what wrote it; a cut or altered one is refused.
  std::string blob = embed::Serialize(*policy);
  auto back = embed::Deserialize(blob);
  std::string altered = blob;
  altered[20] ^= 1;  // inside the magic word
  if (!back || embed::Serialize(*back) != blob || embed::Deserialize(blob.substr(0, blob.size() - 1)) ||
      embed::Deserialize(blob + "x") || embed::Deserialize(altered)) {
    std::cerr << "the policy blob does not read back as written\n";
    return 1;
  }

  // The module as an embedder gets it.
  char folder[] = "/tmp/provisio-differential.XXXXXX";
  if (mkdtemp(folder) == nullptr) return 1;
  std::string command = provisio + " build " + Quoted(policy_path) + " -o " + folder +
                        (roots.empty() ? "" : " --policy-path " + Quoted(roots)) + " > /dev/null";
  int built = std::system(command.c_str());
  std::string library = fmt::format("{}/lib{}.so", folder, policy->module.policy_id);
  void* module = built == 0 ? dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL) : nullptr;
  if (module == nullptr) {
    std::cerr << "cannot load the built module " << library << ": " << (built == 0 ? dlerror() : "build failed") << "\n";
    return 1;
  }
  auto abi = reinterpret_cast<int32_t (*)()>(dlsym(module, codegen::AbiSymbol(policy->module).c_str()));
  if (abi == nullptr || abi() != PROVISIO_ABI_VERSION) {
    std::cerr << "the module's ABI version is not " << PROVISIO_ABI_VERSION << "\n";
    return 1;
  }
  // Its runtime is its own: nothing of it is visible to the process.
  if (dlsym(module, "prv_ratio_cmp") != nullptr) {
    std::cerr << "the module exports the runtime (prv_ratio_cmp)\n";
    return 1;
  }

  Differential diff(*policy, *jit, module);
  bool ok = diff.Resolve();
  size_t suites = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    if (!ok || entry.path().extension() != ".json") continue;
    ok = diff.Suite(entry.path());
    ++suites;
  }
  size_t golden = diff.totals.records;
  if (ok) diff.Random(random, 20261201);
  const Totals& t = diff.totals;
  std::cout << fmt::format(
      "{}: {} golden records ({} suites, {} refused by the decoder) and {} random: {} eligible, {} ineligible, {} errors; "
      "{} batch answers; {} JSON answers; {} mismatches\n",
      policy->module.policy_id, golden, suites, t.undecodable, t.records - golden, t.eligible, t.ineligible, t.errors,
      t.batched, t.json, t.mismatches);
  dlclose(module);
  fs::remove_all(folder);
  // A run that compared nothing proves nothing.
  return ok && t.mismatches == 0 && golden > 0 && t.errors > 0 && t.eligible > 0 ? 0 : 1;
}
