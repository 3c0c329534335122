// The main job: every provision of each policy over a JSONL file of
// applicants, summarised per provision.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <vector>

#include "driver/commands.h"
#include "driver/evaluator.h"

namespace provisio::driver {

int RunSummary(const std::vector<std::string>& policies, const std::string& facts_path) {
  std::vector<std::string> lines;
  {
    std::ifstream in(facts_path, std::ios::binary);
    if (!in) {
      std::cerr << fmt::format("provisio: error: cannot read `{}`\n", facts_path);
      return 2;
    }
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) lines.push_back(line);
  }
  std::cout << fmt::format("{} applicants from {}\n\n", lines.size(), facts_path);
  std::cout << fmt::format("{:<52} {:>8} {:>9} {:>7} {:>16}\n", "provision", "records", "eligible", "errors",
                           "total amount");
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
      size_t eligible = 0, errors = 0;
      int64_t total = 0;
      bool pays = false;
      for (const auto& line : lines) {
        Outcome out = evaluator.Evaluate(line);
        if (!out.ok) {
          ++errors;
          continue;
        }
        eligible += out.eligible;
        if (out.amount_fen) {
          pays = true;
          if (__builtin_add_overflow(total, *out.amount_fen, &total)) status = 1;
        }
      }
      char buf[32];
      std::string amount = pays ? std::string(buf, prv_money_format(total, buf)) : "-";
      const auto& p = policy->module.provisions[i];
      std::cout << fmt::format("  {:<50} {:>8} {:>9} {:>7} {:>16}\n", p.id, lines.size(), eligible, errors, amount);
    }
    std::cout << "\n";
  }
  return status;
}

}  // namespace provisio::driver
