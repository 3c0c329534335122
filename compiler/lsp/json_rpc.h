// JSON-RPC 2.0 as the Language Server Protocol frames it on a stream:
// `Content-Length: N` headers, a blank line, N bytes of JSON. A message
// read is held with a tape over it (facts::JsonTape: validated, exact).
#pragma once
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "facts/json_tape.h"

namespace provisio::lsp {

class Message {
 public:
  Message() = default;
  Message(const Message&) = delete;  // the tape points into the body
  Message& operator=(const Message&) = delete;

  // False (with the reason) when `body` is not one JSON object.
  bool Parse(std::string body, std::string& error);

  static constexpr int32_t kNone = -1;
  int32_t Root() const { return 0; }
  // An object's member, or kNone; a chain of keys from `from`.
  int32_t Get(int32_t object, std::string_view key) const;
  int32_t Path(std::initializer_list<std::string_view> keys, int32_t from = 0) const;
  std::vector<int32_t> Elements(int32_t array) const;
  std::string String(int32_t node) const;  // "" when not a string
  std::optional<int64_t> Int(int32_t node) const;
  bool Bool(int32_t node) const { return node != kNone && tape_[node].kind == facts::JsonTape::Kind::True; }
  std::string_view Raw(int32_t node) const;  // the value's JSON text, "null" when absent

 private:
  std::string body_;
  facts::JsonTape tape_;
};

enum class Read { Message, End, Broken };
// Reads one framed body. End: the stream ended between messages; Broken: a
// header or body that cannot be read (the reason in `error`).
Read ReadMessage(std::istream& in, std::string& body, std::string& error);
// Writes one framed body and flushes; false when the write failed.
bool WriteMessage(std::ostream& out, const std::string& body);

}  // namespace provisio::lsp
