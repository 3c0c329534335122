#include "facts/fact_value.h"

#include <fmt/format.h>

#include "facts/json_text.h"

namespace provisio::facts {

namespace {
using Kind = JsonValue::Kind;
using schema::ValueType;

bool Scalar(Kind k) { return k == Kind::Number || k == Kind::String; }

Refusal FromStatus(int32_t status) {
  switch (status) {
    case PRV_OK: return Refusal::None;
    case PRV_OVERFLOW: return Refusal::Overflow;
    case PRV_PRECISION: return Refusal::Precision;
    default: return Refusal::Syntax;
  }
}

// A whole number: JSON's "-?digits" of at most 18 digits straight, longer
// ones through the exact parser (which says when they do not fit).
Refusal WholeNumber(std::string_view text, int64_t* out) {
  if (text.find_first_of(".eE") != std::string_view::npos) return Refusal::Kind;
  bool negative = !text.empty() && text[0] == '-';
  if (text.size() - negative <= 18) {
    int64_t v = 0;
    for (size_t i = negative; i < text.size(); ++i) v = v * 10 + (text[i] - '0');
    *out = negative ? -v : v;
    return Refusal::None;
  }
  prv_ratio r;
  if (Refusal refusal = FromStatus(prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), 0, &r));
      refusal != Refusal::None)
    return refusal == Refusal::Overflow ? refusal : Refusal::Syntax;
  if (r.den != 1) return Refusal::Syntax;
  *out = r.num;
  return Refusal::None;
}
}  // namespace

Refusal ReadValue(const schema::Schema& schema, const schema::Field& field, JsonValue v, Interner& strings,
                  int64_t* out, uint8_t* present) {
  out[1] = 1;
  if (v.kind == Kind::Null) return Refusal::None;
  switch (field.type) {
    case ValueType::Bool:
      if (v.kind != Kind::True && v.kind != Kind::False) return Refusal::Kind;
      out[0] = v.kind == Kind::True;
      break;
    case ValueType::Int: {
      // A whole number is written without a fraction or an exponent: 11, not 11.0.
      if (v.kind != Kind::Number) return Refusal::Kind;
      if (Refusal r = WholeNumber(v.text, &out[0]); r != Refusal::None) return r;
      if ((field.min && out[0] < *field.min) || (field.max && out[0] > *field.max)) return Refusal::Range;
      break;
    }
    case ValueType::Decimal:
    case ValueType::Rate: {
      if (!Scalar(v.kind)) return Refusal::Kind;
      std::string_view text = v.text;
      bool percent = v.kind == Kind::String && !text.empty() && text.back() == '%';
      if (percent && field.type != ValueType::Rate) return Refusal::Kind;
      if (percent) text.remove_suffix(1);
      prv_ratio r;
      if (Refusal refusal = FromStatus(prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), percent, &r));
          refusal != Refusal::None)
        return refusal;
      if (field.min && r.num < 0) return Refusal::Negative;
      out[0] = r.num;
      out[1] = r.den;
      break;
    }
    case ValueType::Money: {
      if (!Scalar(v.kind)) return Refusal::Kind;
      int32_t s = prv_money_parse(v.text.data(), static_cast<int64_t>(v.text.size()), &out[0]);
      if (s == PRV_OVERFLOW) return Refusal::Overflow;
      if (s != PRV_OK) return Refusal::Syntax;
      if (field.min && out[0] < 0) return Refusal::Negative;
      break;
    }
    case ValueType::Date:
      if (v.kind != Kind::String) return Refusal::Kind;
      if (prv_date_parse(v.text.data(), static_cast<int64_t>(v.text.size()), &out[0]) != PRV_OK) return Refusal::Syntax;
      break;
    case ValueType::Text:
      if (v.kind != Kind::String) return Refusal::Kind;
      out[0] = strings.Intern(v.text);
      break;
    case ValueType::Enum: {
      if (v.kind != Kind::String) return Refusal::Kind;
      const auto& words = schema.enums[field.enum_id].words;
      size_t i = 0;
      while (i < words.size() && !(words[i].size() == v.text.size() && SameBytes(words[i].data(), v.text.data(), v.text.size())))
        ++i;
      if (i == words.size()) return Refusal::Syntax;
      out[0] = static_cast<int64_t>(i);
      break;
    }
  }
  *present = 1;
  return Refusal::None;
}

std::string Expected(const schema::Schema& schema, const schema::Field& field, Refusal refusal) {
  switch (field.type) {
    case ValueType::Bool: return "true or false";
    case ValueType::Int:
      if (refusal == Refusal::Overflow) return "a whole number that fits 64 bits";
      if (refusal != Refusal::Range) return "a whole number";
      return field.max ? fmt::format("a whole number from {} to {}", field.min.value_or(0), *field.max)
                       : fmt::format("a whole number of at least {}", field.min.value_or(0));
    case ValueType::Decimal:
    case ValueType::Rate: {
      std::string what = field.type == ValueType::Rate ? "a rate (0.055 or \"5.5%\")" : "a decimal number";
      switch (refusal) {
        case Refusal::Overflow: return what + " small enough to hold exactly";
        case Refusal::Precision: return what + " with at most 18 decimals";
        case Refusal::Syntax: return what + " written plainly (no exponent)";
        case Refusal::Negative: return what + " that is not negative";
        default: return what;
      }
    }
    case ValueType::Money:
      if (refusal == Refusal::Overflow) return "an amount small enough to hold in fen (int64)";
      if (refusal == Refusal::Negative) return "an amount that is not negative";
      return "money in yuan with at most 2 decimals";
    case ValueType::Date:
      return refusal == Refusal::Syntax ? "a calendar date \"YYYY-MM-DD\"" : "a date \"YYYY-MM-DD\"";
    case ValueType::Text: return "a string";
    case ValueType::Enum: {
      std::string list;
      for (const auto& w : schema.enums[field.enum_id].words) list += (list.empty() ? "" : ", ") + w;
      return "one of " + list;
    }
  }
  return "";
}

}  // namespace provisio::facts
