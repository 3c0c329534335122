// The main job: every provision of each policy over a file of applicants,
// summarised per provision. The records are streamed once; each is decoded
// once per policy, for all its provisions, and nothing is rendered.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <vector>

#include "driver/commands.h"
#include "driver/report.h"
#include "driver/compile.h"
#include "driver/records.h"
#include "eval/evaluator.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
struct Tally {
  std::unique_ptr<Evaluator> evaluator;
  int total_output = -1;  // the money output totalled
  size_t eligible = 0, errors = 0;
  int64_t total = 0;
  bool pays = false, overflow = false;

  void Add(const Outcome& out) {
    if (!out.ok) {
      ++errors;
      return;
    }
    eligible += out.eligible;
    if (auto fen = total_output >= 0 ? evaluator->OutputWord(total_output) : std::nullopt) {
      pays = true;
      overflow = overflow || __builtin_add_overflow(total, *fen, &total);
    }
  }
};

// One policy compiled, with a host decoding each record for all its provisions.
struct PolicyRun {
  std::unique_ptr<CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  std::unique_ptr<Host> host;
  std::vector<Tally> tallies;
};

std::unique_ptr<PolicyRun> Prepare(const std::string& path, const std::string& total_name) {
  auto run = std::make_unique<PolicyRun>();
  run->policy = Compile(path, std::cerr);
  if (!run->policy) return nullptr;
  run->jit = NativeOrReport(run->policy->module);
  if (!run->jit) return nullptr;
  const auto& provisions = run->policy->module.provisions;
  std::vector<int> all(provisions.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  run->host = std::make_unique<Host>(*run->policy, all);
  run->tallies.resize(provisions.size());
  for (size_t i = 0; i < provisions.size(); ++i) {
    run->tallies[i].evaluator = std::make_unique<Evaluator>(*run->host, *run->jit, static_cast<int>(i));
    for (size_t o = 0; o < provisions[i].outputs.size(); ++o)
      if (provisions[i].outputs[o].name == total_name && provisions[i].outputs[o].type.kind == ir::TypeKind::Money)
        run->tallies[i].total_output = static_cast<int>(o);
  }
  return run;
}
}  // namespace

int RunSummary(const std::vector<std::string>& policies, const std::string& facts_path, const std::string& total_name) {
  int status = 0;
  std::vector<std::unique_ptr<PolicyRun>> runs;
  for (const auto& path : policies) {
    if (auto run = Prepare(path, total_name)) runs.push_back(std::move(run));
    else status = 1;
  }
  std::string error;
  int fd = OpenFacts(facts_path, error);
  if (fd < 0) {
    Report(diag::Kind::FactsUnreadable, error);
    return 2;
  }
  RecordReader reader(fd);
  FactsRecord record;
  RecordReader::Status read;
  size_t records = 0;
  while ((read = reader.Next(record)) == RecordReader::Status::Record) {
    ++records;
    for (auto& run : runs) {
      // A record too long to keep, or not decodable at all, is an error for every provision.
      bool bad = record.too_long || run->host->Load(record.text).has_value();
      for (auto& t : run->tallies) {
        if (bad) ++t.errors;
        else t.Add(t.evaluator->EvaluateLoaded(/*render=*/false));
      }
    }
  }
  if (fd != STDIN_FILENO) ::close(fd);
  if (read != RecordReader::Status::End) {
    Report(diag::Kind::FactsUnreadable, reader.error());
    return 3;
  }
  std::cout << fmt::format("{} applicants from {}\n\n", records, facts_path);
  std::cout << fmt::format("{:<52} {:>8} {:>9} {:>7} {:>16}\n", "provision", "records", "eligible", "errors",
                           "total " + total_name);
  for (const auto& run : runs) {
    const auto& m = run->policy->module;
    std::cout << fmt::format("{} — {}\n", m.policy_id, m.title);
    for (size_t i = 0; i < m.provisions.size(); ++i) {
      const auto& t = run->tallies[i];
      char buf[32];
      std::string amount = !t.pays ? "-" : t.overflow ? "(overflow)" : std::string(buf, prv_money_format(t.total, buf));
      if (t.overflow) {
        Report(diag::Kind::TotalOverflow, total_name, m.provisions[i].id);
        status = 1;
      }
      std::cout << fmt::format("  {:<50} {:>8} {:>9} {:>7} {:>16}\n", m.provisions[i].id, records, t.eligible, t.errors, amount);
    }
    std::cout << "\n";
  }
  return status;
}

}  // namespace provisio::driver
