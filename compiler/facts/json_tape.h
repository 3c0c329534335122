// A JSON text (RFC 8259) validated in full and laid out as a flat tape of
// values, so that readers walk it without allocating. Validation covers
// what a reader may skip: every literal, number and string (UTF-8 and
// escapes), duplicate keys, and anything left after the value. Numbers
// keep their text: readers convert them exactly, never through `double`.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace provisio::facts {

struct JsonError {
  size_t offset = 0;          // byte offset where the text goes wrong
  bool incomplete = false;    // the text ended before the value did
  std::string message;
  // "column C" or "line L, column C" (bytes, from 1) of `offset` in `text`.
  std::string Where(std::string_view text) const;
};

class JsonTape {
 public:
  enum class Kind : uint8_t { Null, False, True, Number, String, Array, Object };
  struct Node {
    Kind kind;
    bool escaped;    // a string holding escapes: Text() decodes it
    uint32_t begin;  // the token's bytes, [begin, end): quotes and brackets included
    uint32_t end;
    uint32_t next;   // the node after this value and all it holds
  };

  // Replaces the tape with `text`'s. `text` must outlive the tape.
  bool Parse(std::string_view text, JsonError& error);

  const Node& operator[](uint32_t i) const { return nodes_[i]; }
  uint32_t size() const { return static_cast<uint32_t>(nodes_.size()); }
  std::string_view Raw(const Node& n) const { return text_.substr(n.begin, n.end - n.begin); }
  // A string's value, decoded into `scratch` only when it holds escapes.
  std::string_view Text(const Node& n, std::string& scratch) const;

  // Containers: an object's members are key node, value node, in order;
  // the first child is the node after the container's own.
  static uint32_t FirstChild(uint32_t container) { return container + 1; }

  static constexpr int kMaxDepth = 64;

 private:
  class Parser;
  std::string_view text_;
  std::vector<Node> nodes_;
  std::vector<uint32_t> keys_;  // the parser's stack of open objects' keys, kept between records
};

// Appends `text` to `out` cut to at most `limit` bytes on a character
// boundary, with "..." when cut.
void AppendClipped(std::string& out, std::string_view text, size_t limit);

}  // namespace provisio::facts
