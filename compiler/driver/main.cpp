// provisio: the command line (check, eval, explain, test, build, summary, fmt, lsp, …).
// Exit codes are listed in the README; 64 is a usage error, 3 an output
// that could not be written.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <thread>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "provisio/runtime.h"

namespace {
// A closed stdin, stdout or stderr is held open on /dev/null, read-only:
// no file opened later can take its number (and receive the output), and
// writing to it fails (EBADF), so a closed stdout is reported, not ignored.
void HoldStandardDescriptors() {
  for (int fd = 0; fd <= 2; ++fd)
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
      int held = ::open("/dev/null", O_RDONLY);
      if (held >= 0 && held != fd) {
        ::dup2(held, fd);
        ::close(held);
      }
    }
}

// Whatever went to std::cout reached its destination; exit 3 otherwise.
int CheckedStdout(int status) {
  std::cout.flush();
  if (std::cout.good() && std::fflush(stdout) == 0 && !std::ferror(stdout)) return status;
  provisio::driver::Report(provisio::diag::Kind::OutputFailed, std::strerror(errno));
  return 3;
}

// --as-of DATE as a day number; a bad date is a usage error, said once.
CLI::Validator CalendarDate() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        int64_t day;
        if (prv_date_parse(text.data(), static_cast<int64_t>(text.size()), &day) == PRV_OK) return "";
        return "expected a calendar date YYYY-MM-DD, found `" + text + "`";
      },
      "DATE");
}
}  // namespace

int main(int argc, char** argv) {
  using namespace provisio::driver;
  HoldStandardDescriptors();
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is a failed write (exit 3), not a silent death
  std::signal(SIGXFSZ, SIG_IGN);  // so is a file size limit
  CLI::App app{"provisio: a compiler for benefit provisions"};
  app.set_version_flag("--version", "provisio " PROVISIO_VERSION " (LLVM " + provisio::codegen::LlvmVersion() + ")");
  app.require_subcommand(1);
  app.fallthrough();  // --policy-path may follow the subcommand
  std::vector<std::string> policy_path;
  app.add_option("--policy-path", policy_path,
                 "a folder whose policy files may be `use`d, besides the policy's own (repeatable)")
      ->check(CLI::ExistingDirectory);

  std::vector<std::string> check_files;
  auto* check = app.add_subcommand("check", "check policy files; diagnostics on stderr");
  check->add_option("files", check_files, "policy files")->required();
  bool check_json = false;
  check->add_flag("--json", check_json, "diagnostics as JSON lines on stdout (for CI)");

  EvalOptions eval_options;
  auto* eval = app.add_subcommand("eval", "evaluate one provision on facts (one JSON object, or one per line for a batch)");
  eval->add_option("policy", eval_options.policy, "policy file")->required();
  eval->add_option("--provision", eval_options.provision, "the provision's full id, e.g. qingyang-2023.internship_subsidy");
  eval->add_option("--facts", eval_options.facts, "facts: a file, or - for stdin; one JSON object per line is a batch");
  std::string eval_as_of, explain_as_of;
  eval->add_option("--as-of", eval_as_of, "assess as of this date (replaces the schema's event fact)")->check(CalendarDate());
  eval_options.jobs = std::max(1u, std::thread::hardware_concurrency());
  eval->add_option("--jobs", eval_options.jobs, "threads for a batch (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  eval->add_flag("--strict", eval_options.strict, "a key the schema does not declare is an error (default: ignored)");
  eval->add_option("--dump", eval_options.dump, "print the IR (ir) or LLVM IR (llvm) instead")
      ->check(CLI::IsMember({"ir", "llvm"}));

  EvalOptions explain_options;
  auto* explain = app.add_subcommand("explain", "the decision trace of one record, with citations");
  explain->add_option("policy", explain_options.policy, "policy file")->required();
  explain->add_option("--provision", explain_options.provision, "the provision's full id")->required();
  explain->add_option("--facts", explain_options.facts, "facts: a file holding one record, or - for stdin")->required();
  explain->add_flag("--json", explain_options.json, "the trace as one JSON object, for systems");
  explain->add_option("--as-of", explain_as_of, "assess as of this date (replaces the schema's event fact)")->check(CalendarDate());

  TestOptions test_options;
  auto* test = app.add_subcommand("test", "run golden cases against a policy");
  test->add_option("policy", test_options.policy, "policy file")->required();
  test->add_option("cases", test_options.cases, "case files or folders")->required();
  test->add_option("--junit", test_options.junit, "write JUnit XML here");
  test->add_option("--filter", test_options.filter, "run only cases whose name contains this");
  test->add_flag("--coverage", test_options.coverage, "report rule coverage: conditions both ways, tier bands, exceptions");
  test->add_option("--coverage-json", test_options.coverage_json,
                   "write rule coverage as JSON (per provision, per point, with file:line:col) for dashboards");
  test->add_option("--coverage-min", test_options.coverage_min, "fail when overall rule coverage is below this percent")
      ->check(CLI::Range(0, 100));
  test->add_flag("--mutants", test_options.mutants,
                 "mutation testing: every constant, comparison, condition and window end moved by one step, each mutant run against the suite");
  test->add_option("--mutants-min", test_options.mutants_min, "fail when the mutation score (killed of killed and survived) is below this percent")
      ->check(CLI::Range(0, 100));
  test->add_option("--mutants-json", test_options.mutants_json, "write every mutant, its place and its fate as JSON");
  test_options.jobs = std::max(1u, std::thread::hardware_concurrency());
  test->add_option("--jobs", test_options.jobs, "threads for the mutants (default: one per core)");

  std::string build_policy, build_dir;
  auto* build = app.add_subcommand("build", "compile a policy to a shared library and a C header");
  build->add_option("policy", build_policy, "policy file")->required();
  build->add_option("-o,--output", build_dir, "output folder")->required();
  bool build_sql = false;
  build->add_flag("--sql", build_sql, "also <policy>.sql: a typed PostgreSQL function per provision (see postgres/)");
  std::string build_cpu = "generic";
  build->add_option("--target-cpu", build_cpu,
                    "generic: runs on any machine of this architecture; native: this machine's processor, every extension it has")
      ->check(CLI::IsMember({"generic", "native"}));

  std::string facts_policy, facts_provision;
  bool facts_json_schema = false;
  auto* facts = app.add_subcommand("facts", "the facts a policy reads, from its schema");
  facts->add_option("policy", facts_policy, "policy file")->required();
  facts->add_option("--provision", facts_provision, "only what this provision reads");
  facts->add_flag("--json-schema", facts_json_schema, "a JSON Schema (draft 2020-12) of the records it accepts");

  std::vector<std::string> doc_policies;
  std::string doc_dir;
  bool doc_pdf = false;
  auto* doc = app.add_subcommand("doc", "the published policy list (政策清单) of the policies as a static site");
  doc->add_option("policies", doc_policies, "policy files")->required();
  doc->add_option("-o,--output", doc_dir, "the site's folder")->required();
  doc->add_flag("--pdf", doc_pdf, "also the 政策一卡通, one card per page, as DIR/cards.pdf (printed by Chromium)");

  provisio::driver::CompareOptions compare_options;
  auto* compare = app.add_subcommand("compare", "the impact of a change over a population: BASE.prv REFORM.prv, or one policy --against a paid amount");
  compare->add_option("policies", compare_options.policies, "BASE.prv REFORM.prv, or POLICY.prv with --against")->required();
  compare->add_option("--provision", compare_options.provision, "ID, or BASE_ID=REFORM_ID when the ids differ")->required();
  compare->add_option("--facts", compare_options.facts, "records, one JSON object per line (- for stdin)")->required();
  compare->add_option("--total", compare_options.total, "the money output compared and totalled (default: amount)");
  compare->add_option("--against", compare_options.against, "a money fact the records carry: the amount already paid");
  compare->add_flag("--changed-only", compare_options.changed_only, "the changed records as JSON Lines on stdout, the summary on stderr");
  compare->add_flag("--json", compare_options.json, "the summary as one JSON object");
  compare_options.jobs = std::max(1u, std::thread::hardware_concurrency());
  compare->add_option("--jobs", compare_options.jobs, "threads (default: one per core); the output keeps the input's order");
  std::string compare_as_of;
  compare->add_option("--as-of", compare_as_of, "assess as of this date (replaces the schema's event fact), in both policies")->check(CalendarDate());

  std::vector<std::string> fmt_files;
  bool fmt_check = false;
  auto* fmt = app.add_subcommand("fmt", "lay out policy files canonically, in place (- : stdin to stdout)");
  fmt->add_option("files", fmt_files, "policy files, or - for stdin")->required();
  fmt->add_flag("--check", fmt_check, "change nothing; show a diff and exit 1 for each file not formatted (for CI)");

  auto* lsp = app.add_subcommand("lsp", "the language server for editors (LSP 3.17 over stdin and stdout)");

  std::vector<std::string> summary_policies;
  std::string summary_facts;
  auto* summary = app.add_subcommand("summary", "every provision over a JSONL file of applicants");
  summary->add_option("policies", summary_policies, "policy files")->required();
  summary->add_option("--facts", summary_facts, "applicants, one JSON object per line")->required();
  std::string summary_total = "amount";
  summary->add_option("--total", summary_total, "the money output to total (default: amount)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? CheckedStdout(0) : 64;
  }
  SetPolicyPath(policy_path);
  auto day = [](const std::string& text) -> std::optional<int64_t> {
    int64_t d = 0;
    if (text.empty()) return std::nullopt;
    prv_date_parse(text.data(), static_cast<int64_t>(text.size()), &d);  // checked above
    return d;
  };
  eval_options.as_of = day(eval_as_of);
  explain_options.as_of = day(explain_as_of);
  compare_options.as_of = day(compare_as_of);
  if (*eval && eval_options.dump.empty() && (eval_options.provision.empty() || eval_options.facts.empty())) {
    Report(provisio::diag::Kind::UsageError, "provisio eval: give --provision ID and --facts FILE");
    return 64;
  }
  int status = 64;
  if (*check) status = RunCheck(check_files, check_json);
  else if (*eval) status = RunEval(eval_options);
  else if (*test) status = RunTest(test_options);
  else if (*summary) status = RunSummary(summary_policies, summary_facts, summary_total);
  else if (*build) status = RunBuild(build_policy, build_dir, build_cpu == "native" ? provisio::codegen::TargetCpu::Native : provisio::codegen::TargetCpu::Generic, build_sql);
  else if (*explain) status = RunExplain(explain_options);
  else if (*facts) status = RunFacts(facts_policy, facts_provision, facts_json_schema);
  else if (*doc) status = RunDoc(doc_policies, doc_dir, doc_pdf);
  else if (*compare) status = RunCompare(compare_options);
  else if (*fmt) status = RunFmt(fmt_files, fmt_check);
  else if (*lsp) return RunLsp();  // its stdout is the protocol's
  return CheckedStdout(status);
}
