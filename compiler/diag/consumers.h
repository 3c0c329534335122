// Consumers of diagnostics: a sorting buffer, a clang-style text renderer,
// a JSON renderer for CI, and a plain collector for tests.
#pragma once
#include <ostream>
#include <vector>

#include "diag/diagnostic.h"

namespace provisio::diag {

// Buffers diagnostics and forwards them sorted by position on Flush.
class SortingConsumer : public Consumer {
 public:
  explicit SortingConsumer(Consumer& next) : next_(&next) {}
  void Consume(Diagnostic d) override { buffer_.push_back(std::move(d)); }
  void Flush() override;

 private:
  Consumer* next_;
  std::vector<Diagnostic> buffer_;
};

// `file:line:col: error: message [Id]`, the source line, and a caret.
class TextRenderer : public Consumer {
 public:
  TextRenderer(const source::SourceSet& sources, std::ostream& out) : sources_(&sources), out_(&out) {}
  void Consume(Diagnostic d) override;

 private:
  void Excerpt(source::Span span);
  const source::SourceSet* sources_;
  std::ostream* out_;
};

// One JSON object per line: file, line, column, level, id, message, hint, notes.
class JsonRenderer : public Consumer {
 public:
  JsonRenderer(const source::SourceSet& sources, std::ostream& out) : sources_(&sources), out_(&out) {}
  void Consume(Diagnostic d) override;

 private:
  const source::SourceSet* sources_;
  std::ostream* out_;
};

class CollectingConsumer : public Consumer {
 public:
  void Consume(Diagnostic d) override { diagnostics.push_back(std::move(d)); }
  std::vector<Diagnostic> diagnostics;
};

}  // namespace provisio::diag
