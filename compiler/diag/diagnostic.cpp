#include "diag/diagnostic.h"

#include <algorithm>
#include <fmt/format.h>

#include "diag/consumers.h"
#include "source/display_width.h"
#include "source/json_writer.h"

namespace provisio::diag {

const std::vector<KindInfo>& AllKinds() {
  static const std::vector<KindInfo> kinds = {
#define DIAG(id, level, format) {#id, Level::level, format},
#include "diag/kinds.def"
#undef DIAG
  };
  return kinds;
}

const KindInfo& Info(Kind kind) { return AllKinds()[static_cast<size_t>(kind)]; }

void SortingConsumer::Flush() {
  std::stable_sort(buffer_.begin(), buffer_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.span < b.span; });
  for (auto& d : buffer_) next_->Consume(std::move(d));
  buffer_.clear();
  next_->Flush();
}

namespace {
const char* LevelWord(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note: return "note";
  }
  return "error";
}
}  // namespace

void TextRenderer::Excerpt(source::Span span) {
  const auto& file = sources_->Get(span.file);
  auto where = file.Locate(span.begin);
  std::u32string_view line = file.Line(where.line);
  uint32_t col0 = std::min<uint32_t>(where.column - 1, line.size());
  // A very long line is shown as a window around the spot.
  constexpr uint32_t kBefore = 40, kWindow = 120;
  std::u32string windowed;
  if (line.size() > kWindow) {
    uint32_t from = col0 > kBefore ? col0 - kBefore : 0;
    windowed = std::u32string(from > 0 ? U"…" : U"") + std::u32string(line.substr(from, kWindow)) +
               (from + kWindow < line.size() ? U"…" : U"");
    col0 = col0 - from + (from > 0 ? 1 : 0);
    line = windowed;
  }
  uint32_t end_on_line = std::min<uint32_t>(line.size(), col0 + (span.end > span.begin ? span.end - span.begin : 1));
  int pad = source::DisplayWidth(line.substr(0, col0));
  int width = source::DisplayWidth(line.substr(col0, end_on_line - col0));
  std::string number = std::to_string(where.line);
  std::string gutter(number.size(), ' ');
  *out_ << fmt::format(" {} | {}\n", number, source::EncodeUtf8(line));
  *out_ << fmt::format(" {} | {}^{}\n", gutter, std::string(pad, ' '), std::string(width > 1 ? width - 1 : 0, '~'));
}

void TextRenderer::Consume(Diagnostic d) {
  if (d.span.file.index < 0) {
    *out_ << fmt::format("provisio: {}: {} [{}]\n", LevelWord(d.level), d.message, Info(d.kind).id);
    return;
  }
  const auto& file = sources_->Get(d.span.file);
  auto where = file.Locate(d.span.begin);
  *out_ << fmt::format("{}:{}:{}: {}: {} [{}]\n", file.path(), where.line, where.column, LevelWord(d.level),
                       d.message, Info(d.kind).id);
  Excerpt(d.span);
  for (const auto& note : d.notes) {
    if (note.span.file.index < 0) {
      *out_ << fmt::format("note: {}\n", note.message);
      continue;
    }
    const auto& nfile = sources_->Get(note.span.file);
    auto nwhere = nfile.Locate(note.span.begin);
    *out_ << fmt::format("{}:{}:{}: note: {}\n", nfile.path(), nwhere.line, nwhere.column, note.message);
    Excerpt(note.span);
  }
  if (!d.hint.empty()) *out_ << fmt::format("hint: {}\n", d.hint);
}

namespace {
// "file", "line" and "column" of where `span` starts; "file": null for no place.
void Place(source::JsonWriter& out, const source::SourceSet& sources, source::Span span) {
  if (span.file.index < 0) {
    out.Key("file").Null();
    return;
  }
  const auto& file = sources.Get(span.file);
  auto where = file.Locate(span.begin);
  out.Key("file").String(file.path()).Key("line").Int(where.line).Key("column").Int(where.column);
}
}  // namespace

void JsonRenderer::Consume(Diagnostic d) {
  std::string line;
  source::JsonWriter out(line);
  out.BeginObject();
  Place(out, *sources_, d.span);
  out.Key("level").String(LevelWord(d.level)).Key("id").String(Info(d.kind).id).Key("message").String(d.message);
  if (d.hint.empty()) out.Key("hint").Null();
  else out.Key("hint").String(d.hint);
  out.Key("notes").BeginArray();
  for (const auto& n : d.notes) {
    out.BeginObject();
    Place(out, *sources_, n.span);
    out.Key("message").String(n.message).EndObject();
  }
  out.EndArray().EndObject();
  *out_ << line << "\n";
}

}  // namespace provisio::diag
