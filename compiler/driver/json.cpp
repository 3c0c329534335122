#include "driver/json.h"

#include <fmt/format.h>

#include "driver/output.h"

namespace provisio::driver {

const Json* Json::Find(const std::string& key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

Json Json::Merge(const Json& base, const Json& over) {
  if (base.kind != Kind::Object || over.kind != Kind::Object) return over;
  Json out = base;
  for (size_t i = 0; i < over.keys.size(); ++i) {
    bool merged = false;
    for (size_t j = 0; j < out.keys.size(); ++j)
      if (out.keys[j] == over.keys[i]) {
        out.values[j] = Merge(out.values[j], over.values[i]);
        merged = true;
      }
    if (!merged) {
      out.keys.push_back(over.keys[i]);
      out.values.push_back(over.values[i]);
    }
  }
  return out;
}

std::string Json::Dump() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return boolean ? "true" : "false";
    case Kind::Number: return text;
    case Kind::String: return JsonString(text);
    case Kind::Array: {
      std::string s = "[";
      for (size_t i = 0; i < items.size(); ++i) s += (i ? "," : "") + items[i].Dump();
      return s + "]";
    }
    case Kind::Object: {
      std::string s = "{";
      for (size_t i = 0; i < keys.size(); ++i) s += (i ? "," : "") + JsonString(keys[i]) + ":" + values[i].Dump();
      return s + "}";
    }
  }
  return "null";
}

namespace {
class Parser {
 public:
  explicit Parser(const std::string& t) : t_(t) {}
  std::optional<Json> Document(std::string& error) {
    Json v;
    if (!Value(v, 0) || (Space(), pos_ != t_.size())) {
      if (error_.empty()) error_ = "unexpected text after the value";
      size_t line = 1, col = 1;
      for (size_t i = 0; i < pos_ && i < t_.size(); ++i) {
        if (t_[i] == '\n') {
          ++line;
          col = 1;
        } else if ((static_cast<unsigned char>(t_[i]) & 0xC0) != 0x80) {
          ++col;
        }
      }
      error = fmt::format("line {}, column {}: {}", line, col, error_);
      return std::nullopt;
    }
    return v;
  }

 private:
  void Space() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) ++pos_;
  }
  bool Fail(const char* what) {
    if (error_.empty()) error_ = what;
    return false;
  }
  bool Literal(const char* word) {
    size_t n = std::char_traits<char>::length(word);
    if (t_.compare(pos_, n, word) != 0) return Fail("expected a JSON value");
    pos_ += n;
    return true;
  }
  bool String(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < t_.size() && t_[pos_] != '"') {
      char c = t_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= t_.size()) break;
      char e = t_[pos_++];
      switch (e) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (pos_ + 4 > t_.size()) return Fail("bad \\u escape");
          unsigned cp = std::stoul(t_.substr(pos_, 4), nullptr, 16);
          pos_ += 4;
          if (cp < 0x80) out += static_cast<char>(cp);
          else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default: out += e;
      }
    }
    if (pos_ >= t_.size()) return Fail("unterminated string");
    ++pos_;
    return true;
  }
  bool Value(Json& v, int depth) {
    if (depth > 64) return Fail("nested too deeply");
    Space();
    if (pos_ >= t_.size()) return Fail("unexpected end of text");
    char c = t_[pos_];
    if (c == '{') {
      v.kind = Json::Kind::Object;
      ++pos_;
      Space();
      if (pos_ < t_.size() && t_[pos_] == '}') return ++pos_, true;
      while (true) {
        Space();
        if (pos_ >= t_.size() || t_[pos_] != '"') return Fail("expected a quoted key");
        std::string key;
        if (!String(key)) return false;
        Space();
        if (pos_ >= t_.size() || t_[pos_] != ':') return Fail("expected `:`");
        ++pos_;
        Json item;
        if (!Value(item, depth + 1)) return false;
        v.keys.push_back(std::move(key));
        v.values.push_back(std::move(item));
        Space();
        if (pos_ < t_.size() && t_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < t_.size() && t_[pos_] == '}') return ++pos_, true;
        return Fail("expected `,` or `}`");
      }
    }
    if (c == '[') {
      v.kind = Json::Kind::Array;
      ++pos_;
      Space();
      if (pos_ < t_.size() && t_[pos_] == ']') return ++pos_, true;
      while (true) {
        Json item;
        if (!Value(item, depth + 1)) return false;
        v.items.push_back(std::move(item));
        Space();
        if (pos_ < t_.size() && t_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < t_.size() && t_[pos_] == ']') return ++pos_, true;
        return Fail("expected `,` or `]`");
      }
    }
    if (c == '"') {
      v.kind = Json::Kind::String;
      return String(v.text);
    }
    if (c == 't') return v.kind = Json::Kind::Bool, v.boolean = true, Literal("true");
    if (c == 'f') return v.kind = Json::Kind::Bool, v.boolean = false, Literal("false");
    if (c == 'n') return v.kind = Json::Kind::Null, Literal("null");
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = pos_++;
      while (pos_ < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[pos_])) || t_[pos_] == '.' ||
                                  t_[pos_] == 'e' || t_[pos_] == 'E' || t_[pos_] == '+' || t_[pos_] == '-'))
        ++pos_;
      v.kind = Json::Kind::Number;
      v.text = t_.substr(start, pos_ - start);
      return true;
    }
    return Fail("expected a JSON value");
  }

  const std::string& t_;
  size_t pos_ = 0;
  std::string error_;
};
}  // namespace

std::optional<Json> ParseJson(const std::string& text, std::string& error) { return Parser(text).Document(error); }

}  // namespace provisio::driver
