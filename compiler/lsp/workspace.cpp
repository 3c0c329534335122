#include "lsp/workspace.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include "diag/consumers.h"
#include "diag/emitter.h"
#include "sema/check.h"
#include "syntax/parse.h"

namespace provisio::lsp {

std::string PathOfUri(const std::string& uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.rfind(kScheme, 0) != 0) return "";
  std::string path;
  for (size_t i = kScheme.size(); i < uri.size(); ++i) {
    unsigned byte = 0;
    const char* digits = uri.data() + i + 1;
    if (uri[i] == '%' && i + 2 < uri.size() && std::from_chars(digits, digits + 2, byte, 16).ptr == digits + 2) {
      path += static_cast<char>(byte);
      i += 2;
    } else {
      path += uri[i];
    }
  }
  if (path.empty() || path.front() != '/') return "";  // file://host/… is not a local file
  return std::filesystem::path(path).lexically_normal().string();
}

std::string UriOfPath(const std::string& path) {
  std::string uri = "file://";
  for (unsigned char c : std::filesystem::absolute(path).lexically_normal().string()) {
    if (std::isalnum(c) || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos)
      uri += static_cast<char>(c);
    else
      uri += fmt::format("%{:02X}", c);
  }
  return uri;
}

Position PositionOf(const source::SourceFile& file, uint32_t offset, bool utf16) {
  auto where = file.Locate(offset);
  Position p{where.line - 1, where.column - 1};
  if (utf16) {
    std::u32string_view line = file.Line(where.line);
    uint32_t units = 0;
    for (uint32_t i = 0; i < p.character && i < line.size(); ++i) units += line[i] > 0xFFFF ? 2 : 1;
    p.character = units + (p.character > line.size() ? p.character - static_cast<uint32_t>(line.size()) : 0);
  }
  return p;
}

uint32_t OffsetOf(const source::SourceFile& file, Position position, bool utf16) {
  uint32_t line = std::min(position.line + 1, std::max<uint32_t>(file.Lines(), 1));
  std::u32string_view text = file.Line(line);
  uint32_t column = 0;
  if (utf16) {
    for (uint32_t units = 0; column < text.size() && units < position.character; ++column)
      units += text[column] > 0xFFFF ? 2 : 1;
  } else {
    column = std::min<uint32_t>(position.character, text.size());
  }
  return file.LineStart(line) + std::min<uint32_t>(column, text.size());
}

void Workspace::Open(const std::string& uri, std::string text) { documents_[uri] = std::move(text); }

void Workspace::Close(const std::string& uri) {
  documents_.erase(uri);
  analyses_.erase(uri);
  closed_.push_back(uri);
}

const std::string* Workspace::Text(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

const Analysis* Workspace::AnalysisOf(const std::string& uri) const {
  auto it = analyses_.find(uri);
  return it == analyses_.end() ? nullptr : it->second.get();
}

const std::vector<Published>& Workspace::DiagnosticsOf(const std::string& uri) const {
  static const std::vector<Published> kNone;
  auto it = published_.find(uri);
  return it == published_.end() ? kNone : it->second;
}

const std::map<std::string, std::vector<Published>>& Workspace::Analyse() {
  std::map<std::string, std::string> buffers;  // path → text, for the loader
  for (const auto& [uri, text] : documents_)
    if (std::string path = PathOfUri(uri); !path.empty()) buffers[path] = text;
  std::map<std::string, std::vector<Published>> out;
  for (const auto& [uri, list] : published_) out[uri];  // cleared unless given again
  for (const auto& uri : closed_) out[uri];
  closed_.clear();
  std::set<std::tuple<std::string, uint32_t, uint32_t, std::string>> seen;  // one file's diagnostic once, whichever root found it
  std::map<std::string, std::unique_ptr<Analysis>> analyses;
  for (const auto& [uri, text] : documents_) {
    std::string path = PathOfUri(uri);
    if (path.empty()) continue;
    auto a = std::make_unique<Analysis>();
    diag::CollectingConsumer collected;
    diag::Emitter emitter(collected);
    a->files = syntax::Load(path, a->sources, emitter, policy_path_, &buffers);
    a->root = a->sources.Find(path);
    if (emitter.errors() == 0) sema::Check(a->files, a->sources, emitter);
    a->diagnostics = std::move(collected.diagnostics);
    out[uri];
    for (const auto& d : a->diagnostics) {
      std::string target = d.span.file.index >= 0 ? UriOfPath(a->sources.Get(d.span.file).path()) : uri;
      if (seen.insert({target, d.span.begin, d.span.end, d.message}).second) out[target].push_back({&d, &a->sources});
    }
    analyses[uri] = std::move(a);
  }
  // The old analyses go only now: what was published last points into them.
  analyses_ = std::move(analyses);
  published_.clear();
  for (auto& [uri, list] : out)
    if (!list.empty()) published_[uri] = list;
  last_ = std::move(out);
  return last_;
}

}  // namespace provisio::lsp
