// `provisio facts POLICY [--provision ID]`: the facts a policy (or one
// provision) reads, from its declared schema — as a table for people, or
// with `--json-schema` as a JSON Schema (draft 2020-12) that a data
// engineer validates exports against.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>

#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "source/json_writer.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
using schema::ValueType;

// What one policy (or provision) reads: facts by schema index, lists, and who reads each.
struct Reads {
  std::map<int32_t, std::vector<std::string>> facts;
  std::map<int32_t, std::vector<std::string>> lists;
};

Reads ReadsOf(const ir::Module& m, int only) {
  Reads r;
  for (size_t i = 0; i < m.provisions.size(); ++i) {
    if (only >= 0 && static_cast<int>(i) != only) continue;
    const auto& p = m.provisions[i];
    std::string who = p.id.substr(p.id.find('.') + 1);
    for (int32_t slot : p.needed_slots) r.facts[m.slots[slot].fact].push_back(who);
    for (int32_t l : p.lists_read) r.lists[l].push_back(who);
  }
  return r;
}

std::string TypeText(const schema::Schema& s, const schema::Field& f) {
  switch (f.type) {
    case ValueType::Money: return "money (yuan, at most 2 decimals)";
    case ValueType::Rate: return "rate (0.055 or \"5.5%\")";
    case ValueType::Decimal: return "decimal";
    case ValueType::Int: return "int (whole number)";
    case ValueType::Date: return "date (YYYY-MM-DD)";
    case ValueType::Enum: {
      std::string words;
      for (const auto& w : s.enums[f.enum_id].words) words += (words.empty() ? "" : " | ") + w;
      return "one of " + words;
    }
    default: return ValueTypeName(f.type);
  }
}

std::string RangeText(const schema::Field& f) {
  if (f.min && f.max) return fmt::format("{} .. {}", *f.min, *f.max);
  if (f.min) return fmt::format(">= {}", *f.min);
  return "";
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void Table(const ir::Module& m, const Reads& r) {
  const auto& s = m.schema;
  std::cout << fmt::format("{} facts", r.facts.size());
  if (!r.lists.empty()) std::cout << fmt::format(" and {} list(s)", r.lists.size());
  std::cout << fmt::format(" read by {}{}\n", m.policy_id,
                           s.event >= 0 ? fmt::format("; the event date is {}", s.facts[s.event].name) : "");
  auto row = [](const std::string& name, const std::string& type, const std::string& range, bool optional,
                const std::string& description, const std::string& readers) {
    std::cout << fmt::format("\n{}\n  type: {}{}{}\n", name, type, range.empty() ? "" : "   range: " + range,
                             optional ? "   optional (may be absent)" : "");
    if (!description.empty()) std::cout << "  " << description << "\n";
    std::cout << "  read by: " << readers << "\n";
  };
  for (const auto& [fact, readers] : r.facts) {
    const auto& f = s.facts[fact];
    row(f.name, TypeText(s, f), RangeText(f), f.optional, f.description, Joined(readers));
  }
  for (const auto& [list, readers] : r.lists) {
    const auto& l = s.lists[list];
    const auto& rec = s.records[l.record];
    row(l.name, "list of " + rec.name, "", false, l.description, Joined(readers));
    for (const auto& f : rec.fields)
      std::cout << fmt::format("    {}.{}: {}{}{}{}\n", rec.name, f.name, TypeText(s, f),
                               RangeText(f).empty() ? "" : " " + RangeText(f), f.optional ? ", optional" : "",
                               f.description.empty() ? "" : " — " + f.description);
  }
}

// The JSON Schema of one value of `f`, as the decoder reads it.
void ValueSchema(source::JsonWriter& out, const schema::Schema& s, const schema::Field& f) {
  // null is absence: allowed only where the fact may be absent.
  if (f.optional) out.BeginObject().Key("anyOf").BeginArray();
  out.BeginObject();
  auto bounds = [&] {
    if (f.min) out.Key("minimum").Int(*f.min);
    if (f.max) out.Key("maximum").Int(*f.max);
  };
  // A number, or its text: `digits` is the pattern of the text after an optional sign.
  auto number_or_text = [&](const std::string& digits) {
    out.Key("anyOf").BeginArray().BeginObject().Key("type").String("number");
    bounds();
    out.EndObject().BeginObject().Key("type").String("string").Key("pattern").String("^" + std::string(f.min ? "" : "-?") + digits + "$");
    out.EndObject().EndArray();
  };
  switch (f.type) {
    case ValueType::Bool: out.Key("type").String("boolean"); break;
    case ValueType::Int:
      out.Key("type").String("integer");
      bounds();
      break;
    case ValueType::Decimal: number_or_text("[0-9]+(\\.[0-9]+)?"); break;
    case ValueType::Rate: number_or_text("[0-9]+(\\.[0-9]+)?%?"); break;
    case ValueType::Money: number_or_text("[0-9]+(\\.[0-9]{1,2})?"); break;
    case ValueType::Date:
      out.Key("type").String("string").Key("pattern").String("^[0-9]{4}-[0-9]{2}-[0-9]{2}$").Key("format").String("date");
      break;
    case ValueType::Text: out.Key("type").String("string"); break;
    case ValueType::Enum:
      out.Key("enum").BeginArray();
      for (const auto& w : s.enums[f.enum_id].words) out.String(w);
      out.EndArray();
      break;
  }
  if (!f.description.empty()) out.Key("description").String(f.description);
  out.EndObject();
  if (f.optional) out.BeginObject().Key("type").String("null").EndObject().EndArray().EndObject();
}

// Facts may come nested ({"group": {"name": …}}) or flat ({"group.name": …}):
// each needed fact is required in one form or the other.
void JsonSchema(const ir::Module& m, const Reads& r) {
  const auto& s = m.schema;
  std::map<std::string, std::vector<int32_t>> groups;
  for (const auto& [fact, _] : r.facts) groups[s.facts[fact].name.substr(0, s.facts[fact].name.find('.'))].push_back(fact);
  std::string text;
  source::JsonWriter out(text);
  out.BeginObject()
      .Key("$schema").String("https://json-schema.org/draft/2020-12/schema")
      .Key("title").String(m.policy_id + " facts")
      .Key("description").String("The facts " + m.policy_id + " reads; extra keys are allowed.")
      .Key("type").String("object")
      .Key("properties").BeginObject();
  for (const auto& [group, facts] : groups) {
    for (int32_t fact : facts) {
      out.Key(s.facts[fact].name);
      ValueSchema(out, s, s.facts[fact]);
    }
    out.Key(group).BeginObject().Key("type").String("object").Key("properties").BeginObject();
    for (int32_t fact : facts) {
      out.Key(s.facts[fact].name.substr(group.size() + 1));
      ValueSchema(out, s, s.facts[fact]);
    }
    out.EndObject().EndObject();
  }
  for (const auto& [list, _] : r.lists) {
    const auto& l = s.lists[list];
    const auto& rec = s.records[l.record];
    out.Key(l.name).BeginObject().Key("type").String("array").Key("description").String(l.description);
    out.Key("items").BeginObject().Key("type").String("object").Key("properties").BeginObject();
    for (const auto& f : rec.fields) {
      out.Key(f.name);
      ValueSchema(out, s, f);
    }
    out.EndObject().Key("required").BeginArray();
    for (const auto& f : rec.fields)
      if (!f.optional) out.String(f.name);
    out.EndArray().EndObject().EndObject();
  }
  out.EndObject().Key("allOf").BeginArray();
  for (const auto& [group, facts] : groups)
    for (int32_t fact : facts) {
      const auto& f = s.facts[fact];
      if (f.optional) continue;
      std::string field = f.name.substr(group.size() + 1);
      out.BeginObject().Key("anyOf").BeginArray();
      out.BeginObject().Key("required").BeginArray().String(f.name).EndArray().EndObject();
      out.BeginObject().Key("required").BeginArray().String(group).EndArray();
      out.Key("properties").BeginObject().Key(group).BeginObject().Key("required").BeginArray().String(field).EndArray();
      out.EndObject().EndObject().EndObject();
      out.EndArray().EndObject();
    }
  for (const auto& [list, _] : r.lists)
    out.BeginObject().Key("required").BeginArray().String(s.lists[list].name).EndArray().EndObject();
  out.EndArray().EndObject();
  std::cout << text << "\n";
}
}  // namespace

int RunFacts(const std::string& policy_path, const std::string& provision, bool json_schema) {
  auto policy = Compile(policy_path, std::cerr);
  if (!policy) return 1;
  const auto& m = policy->module;
  int only = -1;
  if (!provision.empty()) {
    only = ProvisionOrReport(m, provision, policy_path);
    if (only < 0) return 1;
  }
  Reads reads = ReadsOf(m, only);
  if (json_schema) JsonSchema(m, reads);
  else Table(m, reads);
  return 0;
}

}  // namespace provisio::driver
