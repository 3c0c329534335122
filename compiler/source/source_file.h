// Source text of policy files: spans in code points (ANTLR's unit), the
// line table, and the set of files one compilation reads.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace provisio::source {

struct FileId {
  int32_t index = -1;
  friend bool operator==(FileId, FileId) = default;
  friend auto operator<=>(FileId, FileId) = default;
};

// A half-open range [begin, end) of code points in one file.
struct Span {
  FileId file;
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
  friend auto operator<=>(const Span&, const Span&) = default;
};

struct LineCol {
  uint32_t line = 0;    // from 1
  uint32_t column = 0;  // code points from 1
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string utf8);
  const std::string& path() const { return path_; }
  const std::string& utf8() const { return utf8_; }
  const std::u32string& code_points() const { return code_points_; }
  bool valid_utf8() const { return valid_utf8_; }
  LineCol Locate(uint32_t offset) const;
  // The text of line `line` (from 1) without its line break, as code points.
  std::u32string_view Line(uint32_t line) const;
  uint32_t Lines() const { return static_cast<uint32_t>(line_starts_.size()); }
  // Where line `line` (from 1) starts, in code points; the end of the text past the last line.
  uint32_t LineStart(uint32_t line) const {
    return line >= 1 && line <= line_starts_.size() ? line_starts_[line - 1] : static_cast<uint32_t>(code_points_.size());
  }

 private:
  std::string path_;
  std::string utf8_;
  std::u32string code_points_;
  std::vector<uint32_t> line_starts_;
  bool valid_utf8_ = true;
};

// Every file read in one compilation (a policy and what it `use`s).
class SourceSet {
 public:
  FileId Add(std::string path, std::string utf8);
  const SourceFile& Get(FileId id) const { return *files_.at(id.index); }
  size_t size() const { return files_.size(); }
  // The id of an already added file with this path, or an invalid id.
  FileId Find(std::string_view path) const;
  std::string Text(Span span) const;  // the spanned text, UTF-8
  // The spanned code as words one space apart, whatever its layout: no
  // comments, line breaks or runs of blanks (strings as written). What a
  // message quotes of the policy, so that `provisio fmt` changes no answer.
  std::string Words(Span span) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

// "file:line:col" of where `span` starts, or "?" for no place.
std::string Location(const SourceSet& sources, Span span);

// Reads a whole file; false if it cannot be read.
bool ReadFile(const std::string& path, std::string& out);

// Decodes UTF-8; an ill-formed byte becomes U+FFFD and clears `ok`.
std::u32string DecodeUtf8(std::string_view s, bool& ok);
std::string EncodeUtf8(std::u32string_view text);

}  // namespace provisio::source
