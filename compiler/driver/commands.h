// The subcommands of `provisio`; main.cpp parses the command line and
// calls one of these. Each returns the process exit code.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codegen/codegen.h"

namespace provisio::driver {

// 0 clean, 1 errors. With `json`, diagnostics go to stdout as JSON lines.
int RunCheck(const std::vector<std::string>& files, bool json);

struct EvalOptions {
  std::string policy;
  std::string provision;
  std::string facts;  // a path, "-" for stdin
  std::optional<int64_t> as_of;  // --as-of, a day number (checked on the command line)
  std::string dump;   // "", "ir" or "llvm"
  unsigned jobs = 1;  // threads for a batch
  bool strict = false;  // keys the schema does not declare are errors
  bool json = false;    // explain: the trace as one JSON object
};
// 0 ok, 1 policy errors, 2 bad facts (any record in a batch), 3 the input
// could not be read to its end or the output not written, 128+N stopped by
// signal N (SIGINT, SIGTERM) at a record boundary.
int RunEval(const EvalOptions& options);

struct TestOptions {
  std::string policy;
  std::vector<std::string> cases;  // files or folders
  std::string junit;
  std::string filter;
  bool coverage = false;            // report rule coverage
  std::optional<int> coverage_min;  // fail below this percentage (implies coverage)
  std::string coverage_json;        // write coverage per provision and point here (implies coverage)
  bool mutants = false;             // mutation testing of the suite
  std::optional<int> mutants_min;   // fail below this score (implies mutants)
  std::string mutants_json;         // write the mutants and their fates here (implies mutants)
  unsigned jobs = 1;                // threads compiling and running mutants
};
// 0 all passed, 1 any failed, 2 the suite is malformed (or runs no case),
// 3 the JUnit file cannot be written.
int RunTest(const TestOptions& options);

// The decision trace of one record, with citations and places. Exit codes as eval.
int RunExplain(const EvalOptions& options);

// A shared library of the policy plus its C header, in `out_dir`, made
// whole or not at all. 0 ok, 1 errors, 3 the output cannot be written.
int RunBuild(const std::string& policy, const std::string& out_dir, codegen::TargetCpu cpu, bool sql = false);

// The facts a policy or one provision reads, as a table or (json_schema) a
// JSON Schema of the records it accepts. 0 ok, 1 policy errors.
int RunFacts(const std::string& policy, const std::string& provision, bool json_schema);

// The main job: every provision of each policy over a JSONL file of
// applicants; prints records, eligible and the total of the money output
// named `total` per provision.
int RunSummary(const std::vector<std::string>& policies, const std::string& facts, const std::string& total);

struct CompareOptions {
  std::vector<std::string> policies;  // BASE and REFORM, or one with `against`
  std::string provision;              // ID, or BASE_ID=REFORM_ID
  std::string facts;
  std::string total = "amount";       // the money output compared and totalled
  std::string against;                // a money fact: the amount already paid
  bool changed_only = false;          // the changed records as JSON Lines (the summary to stderr)
  bool json = false;                  // the summary as one JSON object
  std::optional<int64_t> as_of;       // --as-of, for both policies
  unsigned jobs = 1;                  // threads, each with its own evaluators
};
// 0 ok, 1 policy errors (or a total too large), 2 a record failed in either
// policy, 3 the input could not be read or the output not written, 64 usage.
int RunCompare(const CompareOptions& options);

// The published policy list of the policies, a static site in `out_dir`;
// with `pdf`, also its 政策一卡通 (out_dir/cards.pdf) printed by Chromium.
// 0 ok, 1 policy errors, 3 a page or the PDF cannot be written.
int RunDoc(const std::vector<std::string>& policies, const std::string& out_dir, bool pdf);

// The language server over stdin and stdout (LSP 3.17), until the client
// exits: 0 after shutdown, 1 without it or on a broken stream, 3 when
// stdout cannot be written.
int RunLsp();

// Lays out each policy file canonically, in place ("-": stdin to stdout).
// With `check`, changes nothing: a diff on stdout for each file that is not
// laid out so. 0 all formatted, 1 a file not formatted (with check) or not
// parsed, 3 a file could not be written.
int RunFmt(const std::vector<std::string>& files, bool check);

}  // namespace provisio::driver
