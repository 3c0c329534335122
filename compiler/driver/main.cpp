// provisio: the command line (check, eval, test, summary). The contract
// with scripts and testers is in shared/design.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <thread>

#include "driver/commands.h"

int main(int argc, char** argv) {
  using namespace provisio::driver;
  CLI::App app{"provisio: a compiler for benefit provisions"};
  app.require_subcommand(1);

  std::vector<std::string> check_files;
  auto* check = app.add_subcommand("check", "check policy files; diagnostics on stderr");
  check->add_option("files", check_files, "policy files")->required();
  bool check_json = false;
  check->add_flag("--json", check_json, "diagnostics as JSON lines on stdout (for CI)");

  EvalOptions eval_options;
  auto* eval = app.add_subcommand("eval", "evaluate one provision on facts (JSON, or JSONL for a batch)");
  eval->add_option("policy", eval_options.policy, "policy file")->required();
  eval->add_option("--provision", eval_options.provision, "the provision's full id, e.g. qingyang-2023.internship_subsidy");
  eval->add_option("--facts", eval_options.facts, "facts file (.json, .jsonl batch, or - for stdin)");
  eval->add_option("--as-of", eval_options.as_of, "assess as of this date (replaces application.date)");
  eval_options.jobs = std::max(1u, std::thread::hardware_concurrency());
  eval->add_option("--jobs", eval_options.jobs, "threads for a .jsonl batch (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  eval->add_option("--dump", eval_options.dump, "print the IR (ir) or LLVM IR (llvm) instead")
      ->check(CLI::IsMember({"ir", "llvm"}));

  EvalOptions explain_options;
  auto* explain = app.add_subcommand("explain", "the decision trace of one record, with citations");
  explain->add_option("policy", explain_options.policy, "policy file")->required();
  explain->add_option("--provision", explain_options.provision, "the provision's full id")->required();
  explain->add_option("--facts", explain_options.facts, "facts file (.json, or - for stdin)")->required();
  explain->add_option("--as-of", explain_options.as_of, "assess as of this date (replaces application.date)");

  TestOptions test_options;
  auto* test = app.add_subcommand("test", "run golden cases against a policy");
  test->add_option("policy", test_options.policy, "policy file")->required();
  test->add_option("cases", test_options.cases, "case files or folders")->required();
  test->add_option("--junit", test_options.junit, "write JUnit XML here");
  test->add_option("--filter", test_options.filter, "run only cases whose name contains this");
  test->add_flag("--coverage", test_options.coverage, "report rule coverage: conditions both ways, tier bands, exceptions");
  test->add_option("--coverage-min", test_options.coverage_min, "fail when overall rule coverage is below this percent")
      ->check(CLI::Range(0, 100));

  std::string build_policy, build_dir;
  auto* build = app.add_subcommand("build", "compile a policy to a shared library and a C header");
  build->add_option("policy", build_policy, "policy file")->required();
  build->add_option("-o,--output", build_dir, "output folder")->required();

  std::vector<std::string> summary_policies;
  std::string summary_facts;
  auto* summary = app.add_subcommand("summary", "every provision over a JSONL file of applicants");
  summary->add_option("policies", summary_policies, "policy files")->required();
  summary->add_option("--facts", summary_facts, "applicants, one JSON object per line")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 64;
  }
  if (*check) return RunCheck(check_files, check_json);
  if (*eval) {
    if (eval_options.dump.empty() && (eval_options.provision.empty() || eval_options.facts.empty())) {
      std::fprintf(stderr, "provisio eval: give --provision ID and --facts FILE\n");
      return 64;
    }
    return RunEval(eval_options);
  }
  if (*test) return RunTest(test_options);
  if (*summary) return RunSummary(summary_policies, summary_facts);
  if (*build) return RunBuild(build_policy, build_dir);
  if (*explain) return RunExplain(explain_options);
  return 64;
}
