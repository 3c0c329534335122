// `provisio explain`: the decision trace of one record — the window, each
// condition as it came out (with its article and place), the tier bands,
// cases and exceptions that chose the outputs, and the outputs themselves.
#include <fmt/format.h>

#include <unistd.h>

#include <set>
#include <iostream>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/report.h"
#include "driver/compile.h"
#include "eval/evaluator.h"
#include "eval/render.h"
#include "driver/records.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
// The one record a trace is about; anything more is an error, not ignored.
bool ReadOneRecord(const std::string& path, FactsRecord& record) {
  std::string error;
  int fd = OpenFacts(path, error);
  RecordReader reader(fd);
  FactsRecord more;
  if (fd >= 0) {
    auto status = reader.Next(record);
    if (status == RecordReader::Status::End) error = "no facts: the input is empty";
    else if (status != RecordReader::Status::Record) error = reader.error().empty() ? "interrupted" : reader.error();
    else if (record.too_long) error = TooLongError();
    else if (reader.Next(more) != RecordReader::Status::End)
      error = fmt::format("explain traces one record; the input holds another at line {}", more.line);
    if (fd != STDIN_FILENO) ::close(fd);
  }
  if (error.empty()) return true;
  Report(diag::Kind::FactsUnreadable, error);
  return false;
}
}  // namespace

int RunExplain(const EvalOptions& options) {
  auto policy = Compile(options.policy, std::cerr);
  if (!policy) return 1;
  const auto& m = policy->module;
  int index = ProvisionOrReport(m, options.provision, options.policy);
  if (index < 0) return 1;
  auto jit = NativeOrReport(m, /*coverage=*/true);
  if (!jit) return 1;
  FactsRecord facts;
  if (!ReadOneRecord(options.facts, facts)) return 2;
  Evaluator evaluator(*policy, *jit, index, options.as_of);
  std::vector<uint64_t> counters(2 * m.coverage.size());
  evaluator.CollectCoverage(counters.data());
  Outcome out = evaluator.Evaluate(facts.text);
  const auto& p = m.provisions[index];
  std::cout << fmt::format("{} {} — {} ({})\n", p.id, p.title, p.cite, Location(policy->sources, p.span));
  std::cout << fmt::format("  effective {} .. {}\n", DateText(p.window_from), p.window_to ? DateText(*p.window_to) : "");
  if (!out.ok) {
    std::cout << "  error: " << out.error << "\n";
    return 2;
  }
  std::set<std::string> shown;  // a let used twice is one line
  for (size_t i = 0; i < m.coverage.size(); ++i) {
    const auto& point = m.coverage[i];
    uint64_t no = counters[2 * i], yes = counters[2 * i + 1];
    if (point.provision != index || yes + no == 0) continue;
    std::string text = OneLine(point.text, 100);
    std::string where = Location(policy->sources, point.span);
    std::string line;
    switch (point.kind) {
      case ir::CoveragePoint::Kind::Condition:
        line = fmt::format("  {} {}   [{}]", yes > 0 ? "✓" : "✗", text, where);
        break;
      case ir::CoveragePoint::Kind::Band:
        if (yes > 0) line = fmt::format("  → tier band {}   [{}]", text, where);
        break;
      case ir::CoveragePoint::Kind::Arm:
        if (yes > 0) line = fmt::format("  → case {}   [{}]", text, where);
        break;
      case ir::CoveragePoint::Kind::Exception:
        line = fmt::format("  {} exception when {}   [{}]", yes > 0 ? "→ applies:" : "does not apply:", text, where);
        break;
    }
    if (!line.empty() && shown.insert(line).second) std::cout << line << "\n";
  }
  std::cout << (out.eligible ? "  eligible\n" : "  not eligible: " + out.reasons.front() + "\n");
  for (const auto& [name, value] : out.outputs) std::cout << fmt::format("  {} = {}\n", name, value);
  return 0;
}

}  // namespace provisio::driver
