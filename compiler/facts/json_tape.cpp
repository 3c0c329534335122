#include "facts/json_tape.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>

#include "facts/json_text.h"
#include "source/source_file.h"

namespace provisio::facts {

std::string JsonError::Where(std::string_view text) const {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  size_t column = offset - line_start + 1;
  return line == 1 ? fmt::format("column {}", column) : fmt::format("line {}, column {}", line, column);
}

namespace {
int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at `s[i]`, or -1.
int32_t Hex4(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int h = Hex(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// A validated string's contents (between the quotes), decoded into `scratch` when escaped.
std::string_view DecodeString(std::string_view inner, bool escaped, std::string& scratch) {
  if (!escaped) return inner;
  scratch.clear();
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c != '\\') {
      scratch += c;
      continue;
    }
    char e = inner[++i];
    switch (e) {
      case 'b': scratch += '\b'; break;
      case 'f': scratch += '\f'; break;
      case 'n': scratch += '\n'; break;
      case 'r': scratch += '\r'; break;
      case 't': scratch += '\t'; break;
      case 'u': {
        uint32_t cp = static_cast<uint32_t>(Hex4(inner, i + 1));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // validated: a low surrogate follows
          uint32_t low = static_cast<uint32_t>(Hex4(inner, i + 3));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        scratch += source::EncodeUtf8(std::u32string(1, static_cast<char32_t>(cp)));
        break;
      }
      default: scratch += e;  // " \ /
    }
  }
  return scratch;
}
}  // namespace

class JsonTape::Parser {
 public:
  Parser(std::string_view text, std::vector<Node>& nodes, std::vector<uint32_t>& keys, JsonError& error)
      : t_(text), nodes_(nodes), error_(error), keys_(keys) {}

  bool Document() {
    if (t_.size() >= 3 && t_.substr(0, 3) == "\xEF\xBB\xBF")
      return Fail(0, "a UTF-8 byte order mark (BOM) starts the text; JSON is written without one");
    if (t_.size() > UINT32_MAX) return Fail(0, "the text is larger than 4 GiB");
    Space();
    if (!Value(0)) return false;
    Space();
    if (pos_ != t_.size()) return Fail(pos_, "unexpected text after the JSON value");
    return true;
  }

 private:
  bool Fail(size_t at, std::string message, bool incomplete = false) {
    error_.offset = at;
    error_.incomplete = incomplete;
    error_.message = std::move(message);
    return false;
  }
  bool End(const char* what) { return Fail(t_.size(), fmt::format("the text ends inside {}", what), true); }
  bool Unexpected(const char* expected) {
    unsigned char c = static_cast<unsigned char>(t_[pos_]);
    std::string found = c >= 0x20 && c < 0x7F ? fmt::format("`{}`", static_cast<char>(c)) : fmt::format("byte 0x{:02X}", c);
    return Fail(pos_, fmt::format("expected {}, found {}", expected, found));
  }

  void Space() {
    while (pos_ < t_.size() && IsJsonSpace(t_[pos_])) ++pos_;
  }

  uint32_t Push(Kind kind, size_t begin) {
    nodes_.push_back(Node{kind, false, static_cast<uint32_t>(begin), 0, 0});
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  void Close(uint32_t node) {
    nodes_[node].end = static_cast<uint32_t>(pos_);
    nodes_[node].next = static_cast<uint32_t>(nodes_.size());
  }

  bool Value(int depth) {
    if (pos_ >= t_.size()) return End("the value");
    char c = t_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= kMaxDepth) return Fail(pos_, fmt::format("brackets nest more than {} deep", kMaxDepth));
      return c == '{' ? Object(depth) : Array(depth);
    }
    if (c == '"') return String();
    if (c == '-' || (c >= '0' && c <= '9')) return Number();
    if (c == 't') return Literal("true", Kind::True);
    if (c == 'f') return Literal("false", Kind::False);
    if (c == 'n') return Literal("null", Kind::Null);
    return Unexpected("a JSON value");
  }

  bool Literal(std::string_view word, Kind kind) {
    uint32_t node = Push(kind, pos_);
    size_t n = 0;
    while (n < word.size() && pos_ + n < t_.size() && t_[pos_ + n] == word[n]) ++n;
    if (n < word.size()) {
      if (pos_ + n == t_.size()) return End("a literal");
      return Fail(pos_, fmt::format("expected a JSON value, found `{}`", LiteralShown()));
    }
    pos_ += n;
    // `truex` is not `true` followed by garbage: the word must end here.
    if (pos_ < t_.size() && std::isalnum(static_cast<unsigned char>(t_[pos_])))
      return Fail(nodes_[node].begin, fmt::format("expected a JSON value, found `{}`", LiteralShown(nodes_[node].begin)));
    Close(node);
    return true;
  }
  std::string LiteralShown(size_t from = std::string_view::npos) const {
    size_t at = from == std::string_view::npos ? pos_ : from, end = at;
    while (end < t_.size() && end - at < 20 && std::isalnum(static_cast<unsigned char>(t_[end]))) ++end;
    return std::string(t_.substr(at, end - at));
  }

  bool Digits(const char* what) {
    if (pos_ >= t_.size()) return End("a number");
    if (!IsDigit(t_[pos_])) return Unexpected(what);
    while (pos_ < t_.size() && IsDigit(t_[pos_])) ++pos_;
    return true;
  }
  bool Number() {
    uint32_t node = Push(Kind::Number, pos_);
    if (t_[pos_] == '-') ++pos_;
    if (pos_ >= t_.size()) return End("a number");
    if (t_[pos_] == '0') {
      ++pos_;
      if (pos_ < t_.size() && IsDigit(t_[pos_]))
        return Fail(nodes_[node].begin, "a number has no leading zeros (write 1, not 01)");
    } else if (!Digits("a digit")) {
      return false;
    }
    if (pos_ < t_.size() && t_[pos_] == '.') {
      ++pos_;
      if (!Digits("a digit after the decimal point")) return false;
    }
    if (pos_ < t_.size() && (t_[pos_] == 'e' || t_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < t_.size() && (t_[pos_] == '+' || t_[pos_] == '-')) ++pos_;
      if (!Digits("a digit in the exponent")) return false;
    }
    Close(node);
    return true;
  }

  bool String() {
    uint32_t node = Push(Kind::String, pos_);
    ++pos_;  // the opening quote
    const auto* bytes = reinterpret_cast<const unsigned char*>(t_.data());
    while (true) {
      pos_ = SkipPlain(bytes, pos_, t_.size());
      if (pos_ >= t_.size()) return End("a string");
      unsigned char c = bytes[pos_];
      if (c == '"') break;
      if (c < 0x20) return Fail(pos_, fmt::format("a control character (0x{:02X}) inside a string; write it as an escape", c));
      if (c == '\\') {
        nodes_[node].escaped = true;
        if (pos_ + 1 >= t_.size()) return End("a string");
        char e = t_[pos_ + 1];
        if (e == 'u') {
          int32_t cp = Hex4(t_, pos_ + 2);
          if (cp < 0) return Fail(pos_, "\\u must be followed by four hex digits");
          pos_ += 6;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail(pos_ - 6, "a lone low surrogate escape (\\uDC00-\\uDFFF)");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            int32_t low = pos_ + 1 < t_.size() && t_[pos_] == '\\' && t_[pos_ + 1] == 'u' ? Hex4(t_, pos_ + 2) : -1;
            if (low < 0xDC00 || low > 0xDFFF) return Fail(pos_ - 6, "a high surrogate escape not followed by a low one");
            pos_ += 6;
          }
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos)
          return Fail(pos_, fmt::format("`\\{}` is not a JSON escape", e >= 0x20 && e < 0x7F ? e : '?'));
        pos_ += 2;
        continue;
      }
      size_t n = Utf8Length(bytes + pos_, bytes + t_.size());
      if (n == 0) return Fail(pos_, fmt::format("invalid UTF-8 (byte 0x{:02X}) inside a string", c));
      pos_ += n;
    }
    ++pos_;  // the closing quote
    Close(node);
    return true;
  }

  bool Array(int depth) {
    uint32_t node = Push(Kind::Array, pos_);
    ++pos_;
    Space();
    if (pos_ < t_.size() && t_[pos_] == ']') return ++pos_, Close(node), true;
    while (true) {
      Space();
      if (!Value(depth + 1)) return false;
      Space();
      if (pos_ >= t_.size()) return End("an array");
      if (t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (t_[pos_] == ']') break;
      return Unexpected("`,` or `]` in an array");
    }
    ++pos_;
    Close(node);
    return true;
  }

  bool Object(int depth) {
    uint32_t node = Push(Kind::Object, pos_);
    size_t keys_base = keys_.size();
    ++pos_;
    Space();
    if (pos_ < t_.size() && t_[pos_] == '}') return ++pos_, Close(node), true;
    while (true) {
      Space();
      if (pos_ >= t_.size()) return End("an object");
      if (t_[pos_] != '"') return Unexpected("a quoted key");
      keys_.push_back(static_cast<uint32_t>(nodes_.size()));
      if (!String()) return false;
      Space();
      if (pos_ >= t_.size()) return End("an object");
      if (t_[pos_] != ':') return Unexpected("`:` after a key");
      ++pos_;
      Space();
      if (!Value(depth + 1)) return false;
      Space();
      if (pos_ >= t_.size()) return End("an object");
      if (t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (t_[pos_] == '}') break;
      return Unexpected("`,` or `}` in an object");
    }
    ++pos_;
    Close(node);
    bool unique = UniqueKeys(keys_base);
    keys_.resize(keys_base);
    return unique;
  }

  // A key given twice is an error naming it (a later value must not
  // silently win). Few keys are compared pairwise, many after sorting.
  bool UniqueKeys(size_t base) {
    size_t count = keys_.size() - base;
    if (count <= 8) {
      for (size_t i = 1; i < count; ++i)
        for (size_t j = 0; j < i; ++j) {
          std::string_view a = Key(keys_[base + i], scratch_a_), b = Key(keys_[base + j], scratch_b_);
          if (a == b) return Duplicate(keys_[base + i], a);
        }
      return true;
    }
    std::deque<std::string> decoded;
    std::vector<std::pair<std::string_view, uint32_t>> keys;  // value, node
    for (size_t i = base; i < keys_.size(); ++i) {
      decoded.emplace_back();
      keys.emplace_back(Key(keys_[i], decoded.back()), keys_[i]);
    }
    std::sort(keys.begin(), keys.end());
    for (size_t i = 1; i < keys.size(); ++i)
      if (keys[i].first == keys[i - 1].first) return Duplicate(std::max(keys[i].second, keys[i - 1].second), keys[i].first);
    return true;
  }
  std::string_view Key(uint32_t node, std::string& scratch) const {
    const Node& n = nodes_[node];
    return DecodeString(t_.substr(n.begin + 1, n.end - n.begin - 2), n.escaped, scratch);
  }
  bool Duplicate(uint32_t node, std::string_view key) {
    std::string shown;
    AppendClipped(shown, key, 60);
    return Fail(nodes_[node].begin, fmt::format("the key \"{}\" is given twice in one object", shown));
  }

  std::string_view t_;
  std::vector<Node>& nodes_;
  JsonError& error_;
  size_t pos_ = 0;
  std::vector<uint32_t>& keys_;  // the open objects' key nodes
  std::string scratch_a_, scratch_b_;
};

bool JsonTape::Parse(std::string_view text, JsonError& error) {
  text_ = text;
  nodes_.clear();
  keys_.clear();
  return Parser(text, nodes_, keys_, error).Document();
}

std::string_view JsonTape::Text(const Node& n, std::string& scratch) const {
  return DecodeString(text_.substr(n.begin + 1, n.end - n.begin - 2), n.escaped, scratch);
}

void AppendClipped(std::string& out, std::string_view text, size_t limit) {
  if (text.size() <= limit) {
    out += text;
    return;
  }
  size_t cut = limit > 3 ? limit - 3 : 0;
  // Back up over continuation bytes so that no character is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  out += text.substr(0, cut);
  out += "...";
}

}  // namespace provisio::facts
