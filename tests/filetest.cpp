// provisio-filetest: checks one policy file against the diagnostics its
// comments expect (a cut-down clang -verify):
//   // expect-error@+1 TierGap {{between 50% and 60%}}
//   // expect-warning UnusedLet
//   // expect-no-diagnostics
// `@±N` is relative to the comment's line (none: the same line). Files named
// fail_* must expect at least one error; others must expect none.
// A file that compiles may also pin its lowering, FileCheck-style: each
//   // CHECK-IR: text      (the typed IR, as `eval --dump ir` prints it)
//   // CHECK-LLVM: text    (the LLVM IR after optimisation)
// must be found in a line of that output after the previous one's match;
//   // CHECK-LLVM-COUNT 1: text
// must be found in exactly that many lines (anywhere).
// `provisio-filetest --update FILE.prv` rewrites the CHECK-IR lines from the
// current IR (review the diff), as Carbon's autoupdate does.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <iostream>
#include <regex>

#include "diag/consumers.h"
#include "diag/emitter.h"
#include "codegen/codegen.h"
#include "ir/print.h"
#include "ir/verify.h"
#include "sema/check.h"
#include "syntax/parse.h"

using namespace provisio;

struct Expectation {
  std::string level, id, substring;
  uint32_t line;
  bool matched = false;
};

namespace {
struct Check {
  std::string stage, text;
  uint32_t line;
  int count = -1;  // CHECK-…-COUNT N: exactly N lines
};

// Finds each check's text, in order, in the lines of `output`.
int MatchChecks(const std::string& path, const std::vector<Check>& checks, const std::string& stage,
                const std::string& output) {
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  size_t at = 0;
  int problems = 0;
  for (const auto& c : checks) {
    if (c.stage != stage) continue;
    if (c.count >= 0) {
      int n = static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](auto& l) { return l.find(c.text) != std::string::npos; }));
      if (n != c.count) {
        std::cerr << fmt::format("{}:{}: CHECK-{}-COUNT {}: found in {} lines: {}\n", path, c.line, stage, c.count, n, c.text);
        ++problems;
      }
      continue;
    }
    size_t found = at;
    while (found < lines.size() && lines[found].find(c.text) == std::string::npos) ++found;
    if (found == lines.size()) {
      std::cerr << fmt::format("{}:{}: CHECK-{} not found after output line {}: {}\n", path, c.line, stage, at, c.text);
      ++problems;
      continue;
    }
    at = found + 1;
  }
  if (problems) std::cerr << fmt::format("--- {} output ---\n{}", stage, output);
  return problems;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
}  // namespace

int main(int argc, char** argv) {
  bool update = argc == 3 && std::string(argv[1]) == "--update";
  if (argc != 2 && !update) {
    std::cerr << "usage: provisio-filetest [--update] FILE.prv\n";
    return 2;
  }
  // Locations in the IR name the file as given: run beside it, so they do
  // not depend on where the tree is checked out.
  std::filesystem::path full = std::filesystem::absolute(argv[argc - 1]);
  std::filesystem::current_path(full.parent_path());
  std::string path = full.filename().string();
  std::string text;
  if (!source::ReadFile(path, text)) {
    std::cerr << "cannot read " << path << "\n";
    return 2;
  }
  std::vector<Expectation> expected;
  std::vector<Check> checks;
  std::regex check_pattern(R"(//\s*CHECK-(IR|LLVM)(-COUNT (\d+))?:(.*)$)");
  bool no_diagnostics = false;
  std::regex pattern(R"(expect-(error|warning|note)(@([+-]\d+))?\s+(\w+)(\s*\{\{(.*)\}\})?)");
  uint32_t line_number = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    if (line.find("expect-no-diagnostics") != std::string::npos) no_diagnostics = true;
    std::smatch m;
    if (std::regex_search(line, m, check_pattern)) {
      checks.push_back({m[1].str(), Trim(m[4].str()), line_number, m[3].matched ? std::stoi(m[3].str()) : -1});
      continue;
    }
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
  std::optional<ir::Module> module;
  if (emitter.errors() == 0) {
    // A module sema accepts must keep the IR's invariants.
    module = sema::Check(files, sources, emitter);
    if (module && emitter.errors() == 0)
      for (const auto& problem : ir::Verify(*module)) {
        std::cerr << path << ": IR invariant broken: " << problem << "\n";
        ++problems;
      }
  }
  bool compiled = module && emitter.errors() == 0;
  if (update) {
    if (!compiled) {
      std::cerr << path << ": does not compile; nothing to update\n";
      return 1;
    }
    std::string kept, line;
    std::istringstream in(text);
    while (std::getline(in, line))
      if (line.find("CHECK-IR:") == std::string::npos) kept += line + "\n";
    while (kept.size() >= 2 && kept.ends_with("\n\n")) kept.pop_back();
    kept += "\n";
    std::istringstream ir_lines(ir::Print(*module, sources));
    while (std::getline(ir_lines, line)) kept += "// CHECK-IR: " + line + "\n";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << kept;
    out.flush();
    if (!out) {
      std::cerr << path << ": cannot write\n";
      return 1;
    }
    std::cout << path << ": updated\n";
    return 0;
  }
  bool wants_ir = std::any_of(checks.begin(), checks.end(), [](auto& c) { return c.stage == "IR"; });
  bool wants_llvm = std::any_of(checks.begin(), checks.end(), [](auto& c) { return c.stage == "LLVM"; });
  if ((wants_ir || wants_llvm) && !compiled) {
    std::cerr << path << ": CHECK- lines need a file that compiles\n";
    ++problems;
  }
  if (compiled && wants_ir) problems += MatchChecks(path, checks, "IR", ir::Print(*module, sources));
  if (compiled && wants_llvm) problems += MatchChecks(path, checks, "LLVM", codegen::Jit::DumpLlvm(*module, false, /*optimized=*/true));

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
