// The main job: every provision of each policy over a JSONL file of
// applicants, summarised per provision.
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>
#include <vector>

#include "driver/commands.h"
#include "driver/compile.h"
#include "eval/evaluator.h"
#include "driver/records.h"

namespace provisio::driver {

using namespace provisio::eval;

int RunSummary(const std::vector<std::string>& policies, const std::string& facts_path, const std::string& total) {
  // The records as `eval` reads them; a record too long to keep counts as an error.
  std::vector<FactsRecord> lines;
  {
    std::string error;
    int fd = OpenFacts(facts_path, error);
    if (fd < 0) {
      std::cerr << "provisio: error: " << error << "\n";
      return 2;
    }
    RecordReader reader(fd);
    FactsRecord record;
    RecordReader::Status read;
    while ((read = reader.Next(record)) == RecordReader::Status::Record) lines.push_back(std::move(record));
    if (fd != STDIN_FILENO) ::close(fd);
    if (read != RecordReader::Status::End) {
      std::cerr << "provisio: error: " << reader.error() << "\n";
      return 3;
    }
  }
  std::cout << fmt::format("{} applicants from {}\n\n", lines.size(), facts_path);
  std::cout << fmt::format("{:<52} {:>8} {:>9} {:>7} {:>16}\n", "provision", "records", "eligible", "errors",
                           "total " + total);
  int status = 0;
  for (const auto& path : policies) {
    auto policy = Compile(path, std::cerr);
    if (!policy) {
      status = 1;
      continue;
    }
    std::string error;
    auto jit = codegen::Jit::Create(policy->module, error);
    if (!jit) {
      std::cerr << "provisio: error: " << error << "\n";
      status = 1;
      continue;
    }
    std::cout << fmt::format("{} — {}\n", policy->module.policy_id, policy->module.title);
    for (size_t i = 0; i < policy->module.provisions.size(); ++i) {
      Evaluator evaluator(*policy, *jit, static_cast<int>(i));
      // The money output totalled: the one named `total` (the main job's `amount`).
      int total_output = -1;
      const auto& outputs = policy->module.provisions[i].outputs;
      for (size_t o = 0; o < outputs.size(); ++o)
        if (outputs[o].name == total && outputs[o].type.kind == ir::TypeKind::Money) total_output = static_cast<int>(o);
      size_t eligible = 0, errors = 0;
      int64_t total = 0;
      bool pays = false, overflow = false;
      for (const auto& line : lines) {
        if (line.too_long) {
          ++errors;
          continue;
        }
        Outcome out = evaluator.Evaluate(line.text);
        if (!out.ok) {
          ++errors;
          continue;
        }
        eligible += out.eligible;
        if (auto fen = total_output >= 0 ? evaluator.OutputWord(total_output) : std::nullopt) {
          pays = true;
          overflow = overflow || __builtin_add_overflow(total, *fen, &total);
        }
      }
      const auto& p = policy->module.provisions[i];
      char buf[32];
      std::string amount = !pays ? "-" : overflow ? "(overflow)" : std::string(buf, prv_money_format(total, buf));
      if (overflow) {
        std::cerr << fmt::format("provisio: error: the total amount of {} is too large to hold in fen\n", p.id);
        status = 1;
      }
      std::cout << fmt::format("  {:<50} {:>8} {:>9} {:>7} {:>16}\n", p.id, lines.size(), eligible, errors, amount);
    }
    std::cout << "\n";
  }
  return status;
}

}  // namespace provisio::driver
