// provisio-filetest: checks one policy file against the diagnostics its
// comments expect (a cut-down clang -verify):
//   // expect-error@+1 TierGap {{between 50% and 60%}}
//   // expect-warning UnusedLet
//   // expect-no-diagnostics
// `@±N` is relative to the comment's line (none: the same line). Files named
// fail_* must expect at least one error; others must expect none.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <regex>

#include "diag/consumers.h"
#include "diag/emitter.h"
#include "ir/verify.h"
#include "sema/check.h"
#include "syntax/parse.h"

using namespace provisio;

struct Expectation {
  std::string level, id, substring;
  uint32_t line;
  bool matched = false;
};

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: provisio-filetest FILE.prv\n";
    return 2;
  }
  std::string path = argv[1];
  std::string text;
  if (!source::ReadFile(path, text)) {
    std::cerr << "cannot read " << path << "\n";
    return 2;
  }
  std::vector<Expectation> expected;
  bool no_diagnostics = false;
  std::regex pattern(R"(expect-(error|warning|note)(@([+-]\d+))?\s+(\w+)(\s*\{\{(.*)\}\})?)");
  uint32_t line_number = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    if (line.find("expect-no-diagnostics") != std::string::npos) no_diagnostics = true;
    std::smatch m;
    if (std::regex_search(line, m, pattern)) {
      int offset = m[3].matched ? std::stoi(m[3].str()) : 0;
      expected.push_back({m[1].str(), m[4].str(), m[6].matched ? m[6].str() : "", line_number + offset});
    }
  }
  bool fail_file = std::filesystem::path(path).filename().string().starts_with("fail_");
  bool expects_error = std::any_of(expected.begin(), expected.end(), [](auto& e) { return e.level == "error"; });
  int problems = 0;
  if (fail_file != expects_error) {
    std::cerr << path << ": " << (fail_file ? "a fail_ file must expect an error" : "only fail_ files may expect errors")
              << "\n";
    ++problems;
  }
  if (expected.empty() && !no_diagnostics) {
    std::cerr << path << ": no expect- comments (write expect-no-diagnostics for a clean file)\n";
    ++problems;
  }

  source::SourceSet sources;
  diag::CollectingConsumer collected;
  diag::Emitter emitter(collected);
  auto files = syntax::Load(path, sources, emitter);
  if (emitter.errors() == 0) {
    // A module sema accepts must keep the IR's invariants.
    if (auto module = sema::Check(files, sources, emitter); module && emitter.errors() == 0)
      for (const auto& problem : ir::Verify(*module)) {
        std::cerr << path << ": IR invariant broken: " << problem << "\n";
        ++problems;
      }
  }

  for (const auto& d : collected.diagnostics) {
    const char* level = d.level == diag::Level::Error ? "error" : d.level == diag::Level::Warning ? "warning" : "note";
    uint32_t line = d.span.file.index >= 0 ? sources.Get(d.span.file).Locate(d.span.begin).line : 0;
    bool ok = false;
    for (auto& e : expected)
      if (!e.matched && e.level == level && e.id == diag::Info(d.kind).id && e.line == line &&
          d.message.find(e.substring) != std::string::npos) {
        e.matched = ok = true;
        break;
      }
    if (!ok) {
      std::cerr << fmt::format("{}:{}: unexpected {} [{}]: {}\n", path, line, level, diag::Info(d.kind).id, d.message);
      ++problems;
    }
  }
  for (const auto& e : expected)
    if (!e.matched) {
      std::cerr << fmt::format("{}:{}: expected {} [{}] {{{{{}}}}} was not produced\n", path, e.line, e.level, e.id,
                               e.substring);
      ++problems;
    }
  std::cout << fmt::format("{}: {}\n", path, problems == 0 ? "ok" : "FAILED");
  return problems == 0 ? 0 : 1;
}
