#include "facts/decoder.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace provisio::facts {

Interner::Interner(std::vector<std::string> initial) {
  for (auto& t : initial) Intern(t);
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
namespace od = simdjson::ondemand;

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// The text of a JSON number or string value.
bool ScalarText(od::value& v, std::string& text, bool& was_string) {
  od::json_type type;
  if (v.type().get(type)) return false;
  if (type == od::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return false;
    text = std::string(s);
    was_string = true;
    return true;
  }
  if (type == od::json_type::number) {
    text = Trim(v.raw_json_token());
    was_string = false;
    return true;
  }
  return false;
}

// A JSON null is an absent fact; a malformed token is not null (its typed read reports it).
bool IsNull(od::value& v) {
  bool null = false;
  return !v.is_null().get(null) && null;
}

std::string Shown(od::value& v) {
  std::string_view raw = v.raw_json_token();
  std::string s = Trim(raw);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}
}  // namespace

struct Decoder::Impl {
  int32_t slot_count;
  std::vector<SlotSpec> wanted;
  std::vector<int32_t> required;
  bool claims_wanted;
  Interner& strings;
  std::unordered_map<std::string, int32_t> by_name;  // fact name → index into wanted
  od::parser parser;
  std::string buffer;  // the record's text plus simdjson's padding, reused

  Impl(int32_t n, std::vector<SlotSpec> w, std::vector<int32_t> r, bool c, Interner& s)
      : slot_count(n), wanted(std::move(w)), required(std::move(r)), claims_wanted(c), strings(s) {
    for (size_t i = 0; i < wanted.size(); ++i) by_name.emplace(Facts()[wanted[i].fact].name, static_cast<int32_t>(i));
  }

  static FactError Bad(const std::string& fact, const std::string& found, const std::string& expected) {
    return {fact, fmt::format("fact {}: expected {}, found {}", fact, expected, found)};
  }

  std::optional<FactError> Value(const SlotSpec& spec, od::value v, Record& rec) {
    const Fact& fact = Facts()[spec.fact];
    int64_t* out = &rec.values[2 * spec.slot];
    out[1] = 1;
    if (IsNull(v)) return std::nullopt;  // null is absence
    std::string text;
    bool was_string = false;
    switch (fact.type) {
      case FactType::Bool: {
        bool b;
        if (v.get_bool().get(b)) return Bad(fact.name, Shown(v), "true or false");
        out[0] = b;
        break;
      }
      case FactType::Int: {
        if (!ScalarText(v, text, was_string) || was_string) return Bad(fact.name, Shown(v), "a whole number");
        prv_ratio r;
        int32_t s = prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), 0, &r);
        if (s == PRV_OVERFLOW) return Bad(fact.name, text, "a whole number that fits 64 bits");
        if (s != PRV_OK || r.den != 1) return Bad(fact.name, text, "a whole number");
        if ((fact.min && r.num < *fact.min) || (fact.max && r.num > *fact.max))
          return Bad(fact.name, text,
                     fact.max ? fmt::format("a whole number from {} to {}", fact.min.value_or(0), *fact.max)
                              : fmt::format("a whole number of at least {}", fact.min.value_or(0)));
        out[0] = r.num;
        break;
      }
      case FactType::Decimal:
      case FactType::Rate: {
        const char* what = fact.type == FactType::Rate ? "a rate (0.055 or \"5.5%\")" : "a decimal number";
        if (!ScalarText(v, text, was_string)) return Bad(fact.name, Shown(v), what);
        bool percent = was_string && !text.empty() && text.back() == '%';
        if (percent && fact.type != FactType::Rate) return Bad(fact.name, Shown(v), what);
        std::string digits = percent ? text.substr(0, text.size() - 1) : text;
        prv_ratio r;
        int32_t s = prv_ratio_parse(digits.data(), static_cast<int64_t>(digits.size()), percent, &r);
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
        if (!ScalarText(v, text, was_string)) return Bad(fact.name, Shown(v), what);
        int32_t s = prv_money_parse(text.data(), static_cast<int64_t>(text.size()), &out[0]);
        if (s == PRV_OVERFLOW) return Bad(fact.name, Shown(v), "an amount small enough to hold in fen (int64)");
        if (s != PRV_OK) return Bad(fact.name, Shown(v), what);
        if (out[0] < 0) return Bad(fact.name, Shown(v), "an amount that is not negative");
        break;
      }
      case FactType::Date: {
        std::string_view s;
        if (v.get_string().get(s)) return Bad(fact.name, Shown(v), "a date \"YYYY-MM-DD\"");
        int32_t st = prv_date_parse(s.data(), static_cast<int64_t>(s.size()), &out[0]);
        if (st != PRV_OK) return Bad(fact.name, fmt::format("\"{}\"", s), "a calendar date \"YYYY-MM-DD\"");
        break;
      }
      case FactType::Text: {
        std::string_view s;
        if (v.get_string().get(s)) return Bad(fact.name, Shown(v), "a string");
        out[0] = strings.Intern(s);
        break;
      }
      case FactType::Enum: {
        const auto& words = Enums()[fact.enum_id].words;
        std::string list;
        for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
        std::string_view s;
        if (v.get_string().get(s)) return Bad(fact.name, Shown(v), "one of " + list);
        auto it = std::find(words.begin(), words.end(), s);
        if (it == words.end()) return Bad(fact.name, fmt::format("\"{}\"", s), "one of " + list);
        out[0] = it - words.begin();
        break;
      }
    }
    rec.present[spec.slot] = 1;
    return std::nullopt;
  }

  std::string key;  // "group.field", reused so that lookups do not allocate

  std::optional<FactError> Field(std::string_view name, od::value v, Record& rec) {
    key.assign(name);
    auto it = by_name.find(key);
    if (it == by_name.end()) return std::nullopt;  // a fact this provision does not read
    return Value(wanted[it->second], v, rec);
  }

  std::optional<FactError> Claims(od::value v, Record& rec) {
    if (IsNull(v)) return std::nullopt;
    od::array array;
    if (v.get_array().get(array)) return Bad("claims", Shown(v), "a list of claims");
    rec.has_claims = true;
    size_t index = 0;
    for (auto element : array) {
      std::string where = fmt::format("claims[{}]", index++);
      od::object obj;
      if (element.get_object().get(obj)) return FactError{where, fmt::format("fact {}: expected an object", where)};
      prv_claim c{-1, 0, -1, INT64_MIN, 0};
      bool has_benefit = false, has_date = false;
      for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return FactError{where, "fact " + where + ": malformed key"};
        od::value fv;
        if (field.value().get(fv)) return FactError{where, "fact " + where + ": malformed value"};
        std::string_view s;
        if (key == "benefit") {
          if (fv.get_string().get(s)) return Bad(where + ".benefit", Shown(fv), "a provision id string");
          c.benefit = strings.Intern(s);
          has_benefit = true;
        } else if (key == "date") {
          if (fv.get_string().get(s) || prv_date_parse(s.data(), static_cast<int64_t>(s.size()), &c.date) != PRV_OK)
            return Bad(where + ".date", Shown(fv), "a calendar date \"YYYY-MM-DD\"");
          has_date = true;
        } else if (key == "occupation") {
          if (IsNull(fv)) continue;
          if (fv.get_string().get(s)) return Bad(where + ".occupation", Shown(fv), "a string");
          c.occupation = strings.Intern(s);
          c.flags |= 1;
        } else if (key == "level") {
          if (IsNull(fv)) continue;
          int64_t level;
          if (fv.get_int64().get(level)) return Bad(where + ".level", Shown(fv), "a whole number");
          c.level = level;
          c.flags |= 2;
        }
      }
      if (!has_benefit) return FactError{where + ".benefit", fmt::format("missing fact {}.benefit", where)};
      if (!has_date) return FactError{where + ".date", fmt::format("missing fact {}.date", where)};
      rec.claims.push_back(c);
    }
    return std::nullopt;
  }

  std::optional<FactError> Decode(std::string_view json, Record& rec) {
    rec.values.assign(2 * slot_count, 0);
    rec.present.assign(slot_count, 0);
    rec.claims.clear();
    rec.has_claims = false;
    buffer.assign(json);
    buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
    od::document doc;
    auto malformed = [](const char* what) { return FactError{"", fmt::format("malformed facts: {}", what)}; };
    if (parser.iterate(simdjson::padded_string_view(buffer.data(), json.size(), buffer.size())).get(doc))
      return malformed("not JSON");
    od::object root;
    if (doc.get_object().get(root)) return malformed("expected one JSON object of facts");
    for (auto field : root) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return malformed("not JSON");
      od::value v;
      if (field.value().get(v)) return malformed("not JSON");
      if (key == "claims") {
        if (auto e = Claims(v, rec)) return e;
        continue;
      }
      od::json_type type;
      if (v.type().get(type)) return malformed("not JSON");
      if (type == od::json_type::object && key.find('.') == std::string_view::npos) {
        od::object group;
        if (v.get_object().get(group)) return malformed("not JSON");
        std::string_view group_name = key;  // valid until the next key is read
        std::string name(group_name);
        name += '.';
        size_t prefix = name.size();
        for (auto inner : group) {
          std::string_view sub;
          if (inner.unescaped_key().get(sub)) return malformed("not JSON");
          od::value iv;
          if (inner.value().get(iv)) return malformed("not JSON");
          name.resize(prefix);
          name += sub;
          if (auto e = Field(name, iv, rec)) return e;
        }
      } else if (auto e = Field(key, v, rec)) {
        return e;
      }
    }
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
