// `provisio facts POLICY [--provision ID]`: the facts a policy (or one
// provision) reads, from its declared schema — as a table for people, or
// with `--json-schema` as a JSON Schema (draft 2020-12) that a data
// engineer validates exports against.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <set>

#include "driver/commands.h"
#include "driver/report.h"
#include "driver/compile.h"
#include "eval/render.h"

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
std::string ValueSchema(const schema::Schema& s, const schema::Field& f) {
  std::string min = f.min ? fmt::format(",\"minimum\":{}", *f.min) : "";
  std::string max = f.max ? fmt::format(",\"maximum\":{}", *f.max) : "";
  std::string sign = f.min ? "" : "-?";
  std::string body;
  switch (f.type) {
    case ValueType::Bool: body = "{\"type\":\"boolean\""; break;
    case ValueType::Int: body = "{\"type\":\"integer\"" + min + max; break;
    case ValueType::Decimal:
      body = fmt::format("{{\"anyOf\":[{{\"type\":\"number\"{}}},{{\"type\":\"string\",\"pattern\":\"^{}[0-9]+(\\\\.[0-9]+)?$\"}}]", min, sign);
      break;
    case ValueType::Rate:
      body = fmt::format("{{\"anyOf\":[{{\"type\":\"number\"{}}},{{\"type\":\"string\",\"pattern\":\"^{}[0-9]+(\\\\.[0-9]+)?%?$\"}}]", min, sign);
      break;
    case ValueType::Money:
      body = fmt::format("{{\"anyOf\":[{{\"type\":\"number\"{}}},{{\"type\":\"string\",\"pattern\":\"^{}[0-9]+(\\\\.[0-9]{{1,2}})?$\"}}]", min, sign);
      break;
    case ValueType::Date:
      body = "{\"type\":\"string\",\"pattern\":\"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\",\"format\":\"date\"";
      break;
    case ValueType::Text: body = "{\"type\":\"string\""; break;
    case ValueType::Enum: {
      std::string words;
      for (const auto& w : s.enums[f.enum_id].words) words += (words.empty() ? "" : ",") + JsonString(w);
      body = "{\"enum\":[" + words + "]";
      break;
    }
  }
  if (!f.description.empty()) body += ",\"description\":" + JsonString(f.description);
  body += "}";
  // null is absence: allowed only where the fact may be absent.
  return f.optional ? "{\"anyOf\":[" + body + ",{\"type\":\"null\"}]}" : body;
}

// Facts may come nested ({"group": {"name": …}}) or flat ({"group.name": …}):
// each needed fact is required in one form or the other.
void JsonSchema(const ir::Module& m, const Reads& r) {
  const auto& s = m.schema;
  std::map<std::string, std::vector<int32_t>> groups;
  for (const auto& [fact, _] : r.facts) groups[s.facts[fact].name.substr(0, s.facts[fact].name.find('.'))].push_back(fact);
  std::string properties, required;
  for (const auto& [group, facts] : groups) {
    std::string inner;
    for (int32_t fact : facts) {
      const auto& f = s.facts[fact];
      std::string field = f.name.substr(f.name.find('.') + 1);
      inner += fmt::format("{}{}:{}", inner.empty() ? "" : ",", JsonString(field), ValueSchema(s, f));
      properties += fmt::format(",{}:{}", JsonString(f.name), ValueSchema(s, f));
      if (!f.optional)
        required += fmt::format(
            ",{{\"anyOf\":[{{\"required\":[{}]}},{{\"required\":[{}],\"properties\":{{{}:{{\"required\":[{}]}}}}}}]}}",
            JsonString(f.name), JsonString(group), JsonString(group), JsonString(field));
    }
    properties += fmt::format(",{}:{{\"type\":\"object\",\"properties\":{{{}}}}}", JsonString(group), inner);
  }
  for (const auto& [list, _] : r.lists) {
    const auto& l = s.lists[list];
    const auto& rec = s.records[l.record];
    std::string fields, needed;
    for (const auto& f : rec.fields) {
      fields += fmt::format("{}{}:{}", fields.empty() ? "" : ",", JsonString(f.name), ValueSchema(s, f));
      if (!f.optional) needed += (needed.empty() ? "" : ",") + JsonString(f.name);
    }
    properties += fmt::format(",{}:{{\"type\":\"array\",\"description\":{},\"items\":{{\"type\":\"object\",\"properties\":{{{}}},\"required\":[{}]}}}}",
                              JsonString(l.name), JsonString(l.description), fields, needed);
    required += fmt::format(",{{\"required\":[{}]}}", JsonString(l.name));
  }
  std::cout << fmt::format(
      "{{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":{},\"description\":{},"
      "\"type\":\"object\",\"properties\":{{{}}},\"allOf\":[{}]}}\n",
      JsonString(m.policy_id + " facts"), JsonString("The facts " + m.policy_id + " reads; extra keys are allowed."),
      properties.empty() ? "" : properties.substr(1), required.empty() ? "" : required.substr(1));
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
