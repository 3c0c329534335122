#include "lsp/json_rpc.h"

#include <charconv>
#include <istream>
#include <ostream>

namespace provisio::lsp {

namespace {
constexpr size_t kMaxBody = size_t{64} << 20;
}

bool Message::Parse(std::string body, std::string& error) {
  body_ = std::move(body);
  facts::JsonError e;
  if (!tape_.Parse(body_, e)) {
    error = e.message + " at " + e.Where(body_);
    return false;
  }
  if (tape_[0].kind != facts::JsonTape::Kind::Object) {
    error = "a message is a JSON object";
    return false;
  }
  return true;
}

int32_t Message::Get(int32_t object, std::string_view key) const {
  if (object == kNone || tape_[object].kind != facts::JsonTape::Kind::Object) return kNone;
  std::string scratch;
  for (uint32_t k = facts::JsonTape::FirstChild(object); k < tape_[object].next;) {
    uint32_t value = tape_[k].next;
    if (tape_.Text(tape_[k], scratch) == key) return static_cast<int32_t>(value);
    k = tape_[value].next;
  }
  return kNone;
}

int32_t Message::Path(std::initializer_list<std::string_view> keys, int32_t from) const {
  for (auto key : keys) from = Get(from, key);
  return from;
}

std::vector<int32_t> Message::Elements(int32_t array) const {
  std::vector<int32_t> out;
  if (array == kNone || tape_[array].kind != facts::JsonTape::Kind::Array) return out;
  for (uint32_t k = facts::JsonTape::FirstChild(array); k < tape_[array].next; k = tape_[k].next)
    out.push_back(static_cast<int32_t>(k));
  return out;
}

std::string Message::String(int32_t node) const {
  if (node == kNone || tape_[node].kind != facts::JsonTape::Kind::String) return "";
  std::string scratch;
  return std::string(tape_.Text(tape_[node], scratch));
}

std::optional<int64_t> Message::Int(int32_t node) const {
  if (node == kNone || tape_[node].kind != facts::JsonTape::Kind::Number) return std::nullopt;
  std::string_view raw = tape_.Raw(tape_[node]);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (ec != std::errc() || end != raw.data() + raw.size()) return std::nullopt;
  return value;
}

std::string_view Message::Raw(int32_t node) const { return node == kNone ? "null" : tape_.Raw(tape_[node]); }

Read ReadMessage(std::istream& in, std::string& body, std::string& error) {
  std::optional<size_t> length;
  std::string line;
  bool any = false;
  while (std::getline(in, line)) {
    any = true;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!length) {
        error = "a message without a Content-Length header";
        return Read::Broken;
      }
      break;
    }
    constexpr std::string_view kLength = "content-length:";
    std::string lower = line.substr(0, kLength.size());
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kLength) {
      std::string_view digits = std::string_view(line).substr(kLength.size());
      while (!digits.empty() && digits.front() == ' ') digits.remove_prefix(1);
      size_t n = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec != std::errc() || end != digits.data() + digits.size() || n > kMaxBody) {
        error = "a Content-Length that is not a size up to 64 MiB: `" + line + "`";
        return Read::Broken;
      }
      length = n;
    }
  }
  if (!any || (!length && in.eof())) return Read::End;
  if (!length) {
    error = "the stream ended inside a message's headers";
    return Read::Broken;
  }
  body.resize(*length);
  in.read(body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<size_t>(in.gcount()) != *length) {
    error = "the stream ended inside a message's body";
    return Read::Broken;
  }
  return Read::Message;
}

bool WriteMessage(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace provisio::lsp
