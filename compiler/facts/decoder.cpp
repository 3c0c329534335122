#include "facts/decoder.h"

#include <fmt/format.h>
#include <algorithm>

#include "facts/fact_value.h"
#include "facts/json_tape.h"
#include "facts/one_pass.h"
#include "source/suggest.h"

namespace provisio::facts {

Interner::Interner(std::vector<std::string> initial) {
  for (auto& t : initial) Intern(t);
  fixed_ = texts_.size();
}

void Interner::Forget() {
  for (size_t i = fixed_; i < texts_.size(); ++i) ids_.erase(texts_[i]);
  texts_.resize(fixed_);
}

int64_t Interner::Intern(std::string_view text) {
  auto it = ids_.find(std::string(text));
  if (it != ids_.end()) return it->second;
  int64_t id = static_cast<int64_t>(texts_.size());
  texts_.emplace_back(text);
  ids_.emplace(texts_.back(), id);
  return id;
}

namespace {
using Kind = JsonTape::Kind;

FactError GivenTwiceError(const std::string& fact) {
  return {fact, fmt::format("fact {} is given twice (nested and as a dotted key)", fact)};
}
}  // namespace

struct Decoder::Impl {
  const schema::Schema& schema;
  int32_t slot_count;
  std::vector<SlotSpec> wanted;
  std::vector<int32_t> lists;
  Interner& strings;
  bool strict;
  std::unordered_map<std::string, int32_t> by_name;  // fact name → index into wanted
  OnePassDecoder one_pass;
  JsonTape tape;
  std::vector<uint8_t> given;  // per wanted fact: its key was seen in this record
  std::string key;             // "group.field", reused so that lookups do not allocate
  std::string scratch;         // a decoded string with escapes
  // Strict decoding's did-you-mean candidates, from the schema once.
  std::vector<std::string> fact_names, group_names, key_names;  // key_names: facts and lists

  Impl(const schema::Schema& sc, int32_t n, std::vector<SlotSpec> w, std::vector<int32_t> l, Interner& s, bool st)
      : schema(sc), slot_count(n), wanted(std::move(w)), lists(std::move(l)), strings(s), strict(st),
        one_pass(sc, wanted, s, st) {
    for (size_t i = 0; i < wanted.size(); ++i) by_name.emplace(schema.facts[wanted[i].fact].name, static_cast<int32_t>(i));
    if (!strict) return;
    fact_names = source::NamesOf(schema.facts);
    for (const auto& f : schema.facts) {
      std::string group = f.name.substr(0, f.name.find('.'));
      if (std::find(group_names.begin(), group_names.end(), group) == group_names.end()) group_names.push_back(group);
    }
    key_names = fact_names;
    for (const auto& l : schema.lists) key_names.push_back(l.name);
  }

  // A value as the error shows it: its JSON text, cut on a character boundary.
  std::string Shown(const JsonTape::Node& n) const {
    std::string out;
    AppendClipped(out, tape.Raw(n), 40);
    return out;
  }
  std::string_view Text(const JsonTape::Node& n) { return tape.Text(n, scratch); }

  static FactError Bad(const std::string& fact, const std::string& found, const std::string& expected) {
    return {fact, fmt::format("fact {}: expected {}, found {}", fact, expected, found)};
  }

  // A value of `field`, named `name` in errors, into two words and a presence byte.
  std::optional<FactError> Value(const schema::Field& field, const std::string& name, const JsonTape::Node& v,
                                 int64_t* out, uint8_t* present) {
    if (Refusal r = ReadValue(schema, field, Read(v), strings, out, present); r != Refusal::None)
      return Bad(name, Shown(v), Expected(schema, field, r));
    return std::nullopt;
  }
  JsonValue Read(const JsonTape::Node& v) {
    using K = JsonValue::Kind;
    switch (v.kind) {
      case Kind::Null: return {K::Null, {}};
      case Kind::False: return {K::False, {}};
      case Kind::True: return {K::True, {}};
      case Kind::Number: return {K::Number, tape.Raw(v)};
      case Kind::String: return {K::String, Text(v)};
      default: return {K::Container, {}};
    }
  }

  // The wanted list named `name`, or -1 (a list no provision reads is ignored).
  int32_t ListNamed(std::string_view name) const {
    for (int32_t l : lists)
      if (schema.lists[l].name == name) return l;
    return -1;
  }

  void Field(const JsonTape::Node& v, Record& rec) {
    auto it = by_name.find(key);
    if (it == by_name.end()) return;  // a fact no provision here reads
    // The same fact nested and flat (`person.x` beside `{"person":{"x":…}}`): no value may silently win.
    const SlotSpec& spec = wanted[it->second];
    if (given[it->second]) {
      rec.issues.push_back({spec.slot, -1, GivenTwiceError(key)});
      return;
    }
    given[it->second] = 1;
    if (auto e = Value(schema.facts[spec.fact], key, v, &rec.values[2 * spec.slot], &rec.present[spec.slot]))
      rec.issues.push_back({spec.slot, -1, std::move(*e)});
  }

  // A list: an array of objects, each field as its record declares it. An
  // absent optional field holds no value of its type (see runtime.h).
  std::optional<FactError> List(int32_t list, uint32_t node, Record& rec) {
    const auto& decl = schema.lists[list];
    const auto& record = schema.records[decl.record];
    const auto& v = tape[node];
    ListData& data = rec.lists[list];
    if (v.kind == Kind::Null) return std::nullopt;
    if (v.kind != Kind::Array) return Bad(decl.name, Shown(v), "a list of " + decl.name);
    data.given = true;
    size_t width = record.fields.size(), index = 0;
    for (uint32_t e = JsonTape::FirstChild(node); e < v.next; e = tape[e].next, ++index) {
      std::string where = fmt::format("{}[{}]", decl.name, index);
      const auto& element = tape[e];
      if (element.kind != Kind::Object) return FactError{where, fmt::format("fact {}: expected an object", where)};
      size_t base = data.values.size();
      data.values.resize(base + 2 * width, 0);
      data.present.resize(base / 2 + width, 0);
      for (uint32_t k = JsonTape::FirstChild(e); k < element.next; k = tape[k + 1].next) {
        int32_t f = record.FindField(tape.Text(tape[k], key));
        if (f < 0) continue;  // a field no record declares
        if (auto err = Value(record.fields[f], where + "." + record.fields[f].name, tape[k + 1],
                             &data.values[base + 2 * f], &data.present[base / 2 + f]))
          return err;
      }
      for (size_t f = 0; f < width; ++f) {
        if (data.present[base / 2 + f]) continue;
        const auto& field = record.fields[f];
        if (!field.optional) return FactError{where + "." + field.name, fmt::format("missing fact {}.{}", where, field.name)};
        data.values[base + 2 * f] = field.type == schema::ValueType::Text ? -1 : INT64_MIN;
      }
      ++data.count;
    }
    return std::nullopt;
  }

  // A fact this provision does not read may still be given both nested and
  // flat; only records that mix the two forms pay for this look.
  std::optional<FactError> GivenTwice() {
    std::vector<std::string> names;
    for (uint32_t k = JsonTape::FirstChild(0); k < tape[0].next; k = tape[k + 1].next) {
      std::string name(tape.Text(tape[k], scratch));
      const auto& v = tape[k + 1];
      if (v.kind != Kind::Object || name.find('.') != std::string::npos) {
        names.push_back(std::move(name));
        continue;
      }
      for (uint32_t f = JsonTape::FirstChild(k + 1); f < v.next; f = tape[f + 1].next)
        names.push_back(name + "." + std::string(tape.Text(tape[f], scratch)));
    }
    std::sort(names.begin(), names.end());
    for (size_t i = 1; i < names.size(); ++i)
      if (names[i] == names[i - 1]) return GivenTwiceError(names[i]);
    return std::nullopt;
  }

  // Strict decoding: every key names something the schema declares.
  std::optional<FactError> UnknownKeys() {
    auto unknown = [&](const std::string& what, const std::string& key, const std::vector<std::string>& candidates) {
      return FactError{key, fmt::format("unknown {} `{}`{}", what, key, source::DidYouMean(key, candidates)), true};
    };
    for (uint32_t k = JsonTape::FirstChild(0); k < tape[0].next; k = tape[k + 1].next) {
      std::string name(tape.Text(tape[k], scratch));
      const auto& v = tape[k + 1];
      if (int32_t list = schema.FindList(name); list >= 0) {
        if (v.kind != Kind::Array) continue;  // decoding names the wrong type
        const auto& record = schema.records[schema.lists[list].record];
        std::vector<std::string> fields = source::NamesOf(record.fields);
        size_t index = 0;
        for (uint32_t e = JsonTape::FirstChild(k + 1); e < v.next; e = tape[e].next, ++index) {
          if (tape[e].kind != Kind::Object) continue;
          for (uint32_t f = JsonTape::FirstChild(e); f < tape[e].next; f = tape[f + 1].next) {
            std::string field(tape.Text(tape[f], scratch));
            if (record.FindField(field) < 0) {
              auto err = unknown("field", field, fields);
              err.fact = fmt::format("{}[{}].{}", name, index, field);
              err.message = fmt::format("{}[{}]: {}", name, index, err.message);
              return err;
            }
          }
        }
      } else if (v.kind == Kind::Object && name.find('.') == std::string::npos) {
        if (std::find(group_names.begin(), group_names.end(), name) == group_names.end())
          return unknown("group", name, group_names);
        for (uint32_t f = JsonTape::FirstChild(k + 1); f < v.next; f = tape[f + 1].next) {
          std::string full = name + "." + std::string(tape.Text(tape[f], scratch));
          if (schema.FindFact(full) < 0) return unknown("fact", full, fact_names);
        }
      } else if (schema.FindFact(name) < 0) {
        return unknown("fact", name, key_names);
      }
    }
    return std::nullopt;
  }

  void Reset(Record& rec) {
    rec.values.assign(2 * slot_count, 0);
    rec.present.assign(slot_count, 0);
    rec.lists.resize(schema.lists.size());
    for (auto& l : rec.lists) {
      l.values.clear();
      l.present.clear();
      l.count = 0;
      l.given = false;
    }
    rec.issues.clear();
    rec.late.reset();
    strings.Forget();  // the last record's text values
  }
  static void Views(Record& rec) {
    rec.list_views.clear();
    for (const auto& l : rec.lists) rec.list_views.push_back({l.values.data(), l.present.data(), l.given ? l.count : -1});
  }

  std::optional<FactError> Decode(std::string_view json, Record& rec) {
    Reset(rec);
    if (one_pass.Decode(json, rec)) return Views(rec), std::nullopt;
    return General(json, rec);
  }

  std::optional<FactError> General(std::string_view json, Record& rec) {
    Reset(rec);
    given.assign(wanted.size(), 0);
    JsonError error;
    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos)
      return FactError{"", "malformed facts: empty (expected one JSON object of facts)"};
    if (!tape.Parse(json, error))
      return FactError{"", fmt::format("malformed facts: not JSON at {}: {}", error.Where(json), error.message)};
    const auto& root = tape[0];
    if (root.kind != Kind::Object) return FactError{"", "malformed facts: expected one JSON object of facts"};
    if (strict)
      if (auto e = UnknownKeys()) return e;
    bool flat = false, nested = false;
    for (uint32_t k = JsonTape::FirstChild(0); k < root.next; k = tape[k + 1].next) {
      std::string_view name = tape.Text(tape[k], scratch);
      uint32_t value = k + 1;
      const auto& v = tape[value];
      if (int32_t list = ListNamed(name); list >= 0) {
        if (auto e = List(list, value, rec)) rec.issues.push_back({-1, list, std::move(*e)});
        continue;
      }
      if (v.kind == Kind::Object && name.find('.') == std::string_view::npos) {
        nested = true;
        key.assign(name);
        key += '.';
        size_t prefix = key.size();
        for (uint32_t f = JsonTape::FirstChild(value); f < v.next; f = tape[f + 1].next) {
          key.resize(prefix);
          key += tape.Text(tape[f], scratch);
          Field(tape[f + 1], rec);
        }
      } else {
        flat = flat || name.find('.') != std::string_view::npos;
        key.assign(name);
        Field(v, rec);
      }
    }
    if (flat && nested) rec.late = GivenTwice();
    Views(rec);
    return std::nullopt;
  }
};
Decoder::Decoder(const schema::Schema& schema, int32_t slot_count, std::vector<SlotSpec> wanted, std::vector<int32_t> lists,
                 Interner& strings, bool strict)
    : impl_(std::make_unique<Impl>(schema, slot_count, std::move(wanted), std::move(lists), strings, strict)) {}
Decoder::~Decoder() = default;

std::optional<FactError> Decoder::Decode(std::string_view json, Record& record) { return impl_->Decode(json, record); }
std::optional<FactError> Decoder::DecodeGeneral(std::string_view json, Record& record) {
  return impl_->General(json, record);
}

std::optional<FactError> Decoder::Check(const Need& need, const Record& record) const {
  for (const auto& issue : record.issues) {
    bool reads = issue.slot >= 0 ? need.slots[issue.slot] != 0
                                 : std::find(need.lists.begin(), need.lists.end(), issue.list) != need.lists.end();
    if (reads) return issue.error;
  }
  return record.late;
}

}  // namespace provisio::facts
