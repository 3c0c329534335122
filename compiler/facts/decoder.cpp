#include "facts/decoder.h"

#include <fmt/format.h>
#include <algorithm>

#include "facts/json_tape.h"

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

bool Scalar(Kind k) { return k == Kind::Number || k == Kind::String; }
}  // namespace

struct Decoder::Impl {
  int32_t slot_count;
  std::vector<SlotSpec> wanted;
  std::vector<int32_t> required;
  bool claims_wanted;
  Interner& strings;
  std::unordered_map<std::string, int32_t> by_name;  // fact name → index into wanted
  JsonTape tape;
  std::vector<uint8_t> given;  // per wanted fact: its key was seen in this record
  std::string key;             // "group.field", reused so that lookups do not allocate
  std::string scratch;         // a decoded string with escapes

  Impl(int32_t n, std::vector<SlotSpec> w, std::vector<int32_t> r, bool c, Interner& s)
      : slot_count(n), wanted(std::move(w)), required(std::move(r)), claims_wanted(c), strings(s) {
    for (size_t i = 0; i < wanted.size(); ++i) by_name.emplace(Facts()[wanted[i].fact].name, static_cast<int32_t>(i));
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

  std::optional<FactError> Value(const SlotSpec& spec, const JsonTape::Node& v, Record& rec) {
    const Fact& fact = Facts()[spec.fact];
    int64_t* out = &rec.values[2 * spec.slot];
    out[1] = 1;
    if (v.kind == Kind::Null) return std::nullopt;  // null is absence
    switch (fact.type) {
      case FactType::Bool: {
        if (v.kind != Kind::True && v.kind != Kind::False) return Bad(fact.name, Shown(v), "true or false");
        out[0] = v.kind == Kind::True;
        break;
      }
      case FactType::Int: {
        // A whole number is written without a fraction or an exponent: 11, not 11.0.
        std::string_view text = tape.Raw(v);
        if (v.kind != Kind::Number || text.find_first_of(".eE") != std::string_view::npos)
          return Bad(fact.name, Shown(v), "a whole number");
        prv_ratio r;
        int32_t s = prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), 0, &r);
        if (s == PRV_OVERFLOW) return Bad(fact.name, Shown(v), "a whole number that fits 64 bits");
        if (s != PRV_OK || r.den != 1) return Bad(fact.name, Shown(v), "a whole number");
        if ((fact.min && r.num < *fact.min) || (fact.max && r.num > *fact.max))
          return Bad(fact.name, Shown(v),
                     fact.max ? fmt::format("a whole number from {} to {}", fact.min.value_or(0), *fact.max)
                              : fmt::format("a whole number of at least {}", fact.min.value_or(0)));
        out[0] = r.num;
        break;
      }
      case FactType::Decimal:
      case FactType::Rate: {
        const char* what = fact.type == FactType::Rate ? "a rate (0.055 or \"5.5%\")" : "a decimal number";
        if (!Scalar(v.kind)) return Bad(fact.name, Shown(v), what);
        std::string_view text = v.kind == Kind::String ? Text(v) : tape.Raw(v);
        bool percent = v.kind == Kind::String && !text.empty() && text.back() == '%';
        if (percent && fact.type != FactType::Rate) return Bad(fact.name, Shown(v), what);
        if (percent) text.remove_suffix(1);
        prv_ratio r;
        int32_t s = prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), percent, &r);
        if (s == PRV_OVERFLOW) return Bad(fact.name, Shown(v), std::string(what) + " small enough to hold exactly");
        if (s == PRV_PRECISION) return Bad(fact.name, Shown(v), std::string(what) + " with at most 18 decimals");
        if (s != PRV_OK) return Bad(fact.name, Shown(v), std::string(what) + " written plainly (no exponent)");
        if (r.num < 0) return Bad(fact.name, Shown(v), std::string(what) + " that is not negative");
        out[0] = r.num;
        out[1] = r.den;
        break;
      }
      case FactType::Money: {
        const char* what = "money in yuan with at most 2 decimals";
        if (!Scalar(v.kind)) return Bad(fact.name, Shown(v), what);
        std::string_view text = v.kind == Kind::String ? Text(v) : tape.Raw(v);
        int32_t s = prv_money_parse(text.data(), static_cast<int64_t>(text.size()), &out[0]);
        if (s == PRV_OVERFLOW) return Bad(fact.name, Shown(v), "an amount small enough to hold in fen (int64)");
        if (s != PRV_OK) return Bad(fact.name, Shown(v), what);
        if (out[0] < 0) return Bad(fact.name, Shown(v), "an amount that is not negative");
        break;
      }
      case FactType::Date: {
        if (v.kind != Kind::String) return Bad(fact.name, Shown(v), "a date \"YYYY-MM-DD\"");
        std::string_view s = Text(v);
        if (prv_date_parse(s.data(), static_cast<int64_t>(s.size()), &out[0]) != PRV_OK)
          return Bad(fact.name, Shown(v), "a calendar date \"YYYY-MM-DD\"");
        break;
      }
      case FactType::Text: {
        if (v.kind != Kind::String) return Bad(fact.name, Shown(v), "a string");
        out[0] = strings.Intern(Text(v));
        break;
      }
      case FactType::Enum: {
        const auto& words = Enums()[fact.enum_id].words;
        std::string list;
        for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
        if (v.kind != Kind::String) return Bad(fact.name, Shown(v), "one of " + list);
        auto it = std::find(words.begin(), words.end(), Text(v));
        if (it == words.end()) return Bad(fact.name, Shown(v), "one of " + list);
        out[0] = it - words.begin();
        break;
      }
    }
    rec.present[spec.slot] = 1;
    return std::nullopt;
  }

  std::optional<FactError> Field(const JsonTape::Node& v, Record& rec) {
    auto it = by_name.find(key);
    if (it == by_name.end()) return std::nullopt;  // a fact this provision does not read
    // The same fact nested and flat (`person.x` beside `{"person":{"x":…}}`): no value may silently win.
    if (given[it->second]) return FactError{key, fmt::format("fact {} is given twice (nested and as a dotted key)", key)};
    given[it->second] = 1;
    return Value(wanted[it->second], v, rec);
  }

  std::optional<FactError> Claims(uint32_t node, Record& rec) {
    const auto& v = tape[node];
    if (v.kind == Kind::Null) return std::nullopt;
    if (v.kind != Kind::Array) return Bad("claims", Shown(v), "a list of claims");
    rec.has_claims = true;
    size_t index = 0;
    for (uint32_t e = JsonTape::FirstChild(node); e < v.next; e = tape[e].next) {
      std::string where = fmt::format("claims[{}]", index++);
      const auto& element = tape[e];
      if (element.kind != Kind::Object) return FactError{where, fmt::format("fact {}: expected an object", where)};
      prv_claim c{-1, 0, -1, INT64_MIN, 0};
      bool has_benefit = false, has_date = false;
      for (uint32_t k = JsonTape::FirstChild(e); k < element.next; k = tape[k + 1].next) {
        std::string_view name = tape.Text(tape[k], key);
        const auto& fv = tape[k + 1];
        if (name == "benefit") {
          if (fv.kind != Kind::String) return Bad(where + ".benefit", Shown(fv), "a provision id string");
          c.benefit = strings.Intern(Text(fv));
          has_benefit = true;
        } else if (name == "date") {
          std::string_view s = fv.kind == Kind::String ? Text(fv) : "";
          if (fv.kind != Kind::String || prv_date_parse(s.data(), static_cast<int64_t>(s.size()), &c.date) != PRV_OK)
            return Bad(where + ".date", Shown(fv), "a calendar date \"YYYY-MM-DD\"");
          has_date = true;
        } else if (name == "occupation") {
          if (fv.kind == Kind::Null) continue;
          if (fv.kind != Kind::String) return Bad(where + ".occupation", Shown(fv), "a string");
          c.occupation = strings.Intern(Text(fv));
          c.flags |= 1;
        } else if (name == "level") {
          if (fv.kind == Kind::Null) continue;
          std::string_view text = tape.Raw(fv);
          prv_ratio r;
          if (fv.kind != Kind::Number || text.find_first_of(".eE") != std::string_view::npos ||
              prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), 0, &r) != PRV_OK)
            return Bad(where + ".level", Shown(fv), "a whole number");
          c.level = r.num;
          c.flags |= 2;
        }
      }
      if (!has_benefit) return FactError{where + ".benefit", fmt::format("missing fact {}.benefit", where)};
      if (!has_date) return FactError{where + ".date", fmt::format("missing fact {}.date", where)};
      rec.claims.push_back(c);
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
      if (names[i] == names[i - 1])
        return FactError{names[i], fmt::format("fact {} is given twice (nested and as a dotted key)", names[i])};
    return std::nullopt;
  }

  std::optional<FactError> Decode(std::string_view json, Record& rec) {
    rec.values.assign(2 * slot_count, 0);
    rec.present.assign(slot_count, 0);
    rec.claims.clear();
    rec.has_claims = false;
    given.assign(wanted.size(), 0);
    strings.Forget();  // the last record's text values
    JsonError error;
    if (json.find_first_not_of(" \t\r\n") == std::string_view::npos)
      return FactError{"", "malformed facts: empty (expected one JSON object of facts)"};
    if (!tape.Parse(json, error))
      return FactError{"", fmt::format("malformed facts: not JSON at {}: {}", error.Where(json), error.message)};
    const auto& root = tape[0];
    if (root.kind != Kind::Object) return FactError{"", "malformed facts: expected one JSON object of facts"};
    bool flat = false, nested = false;
    for (uint32_t k = JsonTape::FirstChild(0); k < root.next; k = tape[k + 1].next) {
      std::string_view name = tape.Text(tape[k], scratch);
      uint32_t value = k + 1;
      const auto& v = tape[value];
      if (name == "claims") {
        if (auto e = Claims(value, rec)) return e;
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
          if (auto e = Field(tape[f + 1], rec)) return e;
        }
      } else {
        flat = flat || name.find('.') != std::string_view::npos;
        key.assign(name);
        if (auto e = Field(v, rec)) return e;
      }
    }
    if (flat && nested)
      if (auto e = GivenTwice()) return e;
    for (int32_t slot : required)
      if (!rec.present[slot]) {
        for (const auto& w : wanted)
          if (w.slot == slot) return FactError{Facts()[w.fact].name, "missing fact " + Facts()[w.fact].name};
      }
    if (claims_wanted && !rec.has_claims) return FactError{"claims", "missing fact claims (give [] for none)"};
    return std::nullopt;
  }
};
Decoder::Decoder(int32_t slot_count, std::vector<SlotSpec> wanted, std::vector<int32_t> required, bool claims_wanted,
                 Interner& strings)
    : impl_(std::make_unique<Impl>(slot_count, std::move(wanted), std::move(required), claims_wanted, strings)) {}
Decoder::~Decoder() = default;

std::optional<FactError> Decoder::Decode(std::string_view json, Record& record) { return impl_->Decode(json, record); }

}  // namespace provisio::facts
