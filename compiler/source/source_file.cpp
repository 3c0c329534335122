#include "source/source_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace provisio::source {

std::u32string DecodeUtf8(std::string_view s, bool& ok) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      ok = false;
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    bool good = true;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) good = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are ill-formed too.
    static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (!good || cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      ok = false;
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  for (char32_t cp : text) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

SourceFile::SourceFile(std::string path, std::string utf8)
    : path_(std::move(path)), utf8_(std::move(utf8)) {
  code_points_ = DecodeUtf8(utf8_, valid_utf8_);
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < code_points_.size(); ++i)
    if (code_points_[i] == U'\n') line_starts_.push_back(i + 1);
}

LineCol SourceFile::Locate(uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

std::u32string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1 : code_points_.size();
  std::u32string_view view(code_points_);
  view = view.substr(begin, end - begin);
  if (!view.empty() && view.back() == U'\r') view.remove_suffix(1);
  return view;
}

FileId SourceSet::Add(std::string path, std::string utf8) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(utf8)));
  return FileId{static_cast<int32_t>(files_.size() - 1)};
}

FileId SourceSet::Find(std::string_view path) const {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i]->path() == path) return FileId{static_cast<int32_t>(i)};
  return {};
}

std::string SourceSet::Text(Span span) const {
  const auto& cps = Get(span.file).code_points();
  uint32_t end = std::min<uint32_t>(span.end, cps.size());
  uint32_t begin = std::min(span.begin, end);
  return EncodeUtf8(std::u32string_view(cps).substr(begin, end - begin));
}

std::string SourceSet::Words(Span span) const {
  const auto& cps = Get(span.file).code_points();
  uint32_t end = std::min<uint32_t>(span.end, cps.size());
  std::u32string out;
  bool in_string = false, blank = false;
  for (uint32_t i = std::min(span.begin, end); i < end; ++i) {
    char32_t c = cps[i];
    if (in_string) {
      out += c;
      if (c == U'\\' && i + 1 < end) out += cps[++i];
      else if (c == U'"') in_string = false;
      continue;
    }
    if (c == U'#' || (c == U'/' && i + 1 < end && cps[i + 1] == U'/')) {  // a comment, to its line's end
      while (i + 1 < end && cps[i + 1] != U'\n') ++i;
      blank = true;
      continue;
    }
    if (c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'\u3000') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += U' ';
    blank = false;
    in_string = c == U'"';
    out += c;
  }
  return EncodeUtf8(out);
}

std::string Location(const SourceSet& sources, Span span) {
  if (span.file.index < 0) return "?";
  const auto& file = sources.Get(span.file);
  auto where = file.Locate(span.begin);
  return file.path() + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

}  // namespace provisio::source
