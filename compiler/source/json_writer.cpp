#include "source/json_writer.h"

#include <cstdio>
#include <cstdlib>

#include "source/source_file.h"

namespace provisio::source {

std::string JsonString(std::string_view text) {
  bool valid = true;
  std::u32string decoded = DecodeUtf8(text, valid);
  std::string repaired = valid ? std::string() : EncodeUtf8(decoded);
  std::string_view s = valid ? text : std::string_view(repaired);
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

JsonWriter& JsonWriter::Open(char bracket) {
  Separate();
  out_ += bracket;
  if (depth_ == kMaxDepth) std::abort();  // a program error: no input nests this deep
  wrote_[depth_++] = false;
  return *this;
}

}  // namespace provisio::source
