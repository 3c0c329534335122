#include <filesystem>

#include "syntax/parse.h"

namespace provisio::syntax {

namespace {
void LoadFile(const std::string& path, source::Span from, source::SourceSet& sources, diag::Emitter& emitter,
              std::vector<ast::Policy>& out) {
  if (sources.Find(path).index >= 0) return;  // already read (or being read)
  std::string text;
  if (!source::ReadFile(path, text)) {
    emitter.Emit(from, diag::Kind::FileNotFound, path);
    return;
  }
  source::FileId id = sources.Add(path, std::move(text));
  out.push_back(Parse(sources, id, emitter));
  std::vector<ast::Use> uses = out.back().uses;
  auto dir = std::filesystem::path(path).parent_path();
  for (const auto& use : uses) LoadFile((dir / use.path).lexically_normal().string(), use.span, sources, emitter, out);
}
}  // namespace

std::vector<ast::Policy> Load(const std::string& path, source::SourceSet& sources, diag::Emitter& emitter) {
  std::vector<ast::Policy> out;
  LoadFile(path, source::Span{}, sources, emitter, out);
  return out;
}

}  // namespace provisio::syntax
