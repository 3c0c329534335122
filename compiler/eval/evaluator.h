// The evaluation host: one compiled provision on JSON facts — decode the
// record, call the native function, render the outputs as one JSON object.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/codegen.h"
#include "ir/ir.h"
#include "source/source_file.h"
#include "facts/decoder.h"

namespace provisio::eval {

// What the front end hands the host: the module and the sources its spans point into.
struct CompiledPolicy {
  source::SourceSet sources;
  ir::Module module;
};

// One ground of a refusal: a condition not met, or one that could not be
// assessed because an earlier condition failed (`waits_on`).
struct Ground {
  int32_t rule = -1;  // -1: the effective window
  bool assessed = true;
  int32_t waits_on = -1;
};

// One evaluation's outcome, kept typed so that tests and summaries need not re-parse JSON.
struct Outcome {
  bool ok = false;           // false: bad facts or a run-time failure
  std::string error;         // names the fact (or the place) when !ok
  std::string error_fact;
  bool unknown_key = false;  // the error is a key the schema does not declare (strict)
  bool eligible = false;
  int32_t failed_rule = -2;  // -1: outside the window
  std::vector<Ground> grounds;       // every ground of a refusal, in the text's order
  std::vector<std::string> reasons;  // the same in words, each naming its article
  // Rendered outputs: name and JSON value text, in declaration order (absent ones left out).
  // Names point into the compiled provision.
  std::vector<std::pair<std::string_view, std::string>> outputs;
  std::string json;          // the CLI's output object, when ok
  // That object, or the error object (with the input line in a batch).
  std::string Json(std::optional<size_t> line = std::nullopt) const;
};

// The grounds of a refusal from what the compiled code left: the first
// failed rule (-1: outside the window) and each rule's ir::RuleState.
// Into `out`, whose storage is reused record after record.
void Grounds(const ir::Provision& p, int32_t failed_rule, const std::vector<uint8_t>& states, std::vector<Ground>& out);

// Records decoded once for a set of provisions of one module: each
// record's facts are read from its JSON once, however many provisions
// then evaluate it.
class Host {
 public:
  Host(const CompiledPolicy& policy, const std::vector<int>& provisions, std::optional<int64_t> as_of = std::nullopt,
       bool strict = false);
  // Decodes one record; an error here fails it for every provision.
  std::optional<facts::FactError> Load(std::string_view facts_json);
  // The error of `provision` on the loaded record (a fact it reads refused or missing), if any.
  std::optional<facts::FactError> Check(int provision) const;

  const CompiledPolicy& policy() const { return policy_; }
  const facts::Record& record() const { return record_; }
  const facts::Interner& strings() const { return strings_; }

 private:
  const CompiledPolicy& policy_;
  facts::Interner strings_;
  std::unique_ptr<facts::Decoder> decoder_;
  std::vector<facts::Need> needs_;  // per provision of the module (empty when not hosted)
  // --as-of: the slot of the schema's event fact it replaces (-1: none read) and its day.
  int32_t as_of_slot_ = -1;
  int64_t as_of_day_ = 0;
  facts::Record record_;
};

// One provision evaluated on the records of a Host.
class Evaluator {
 public:
  // An evaluator with a host of its own, for this provision alone, whose
  // native code is `fn` (the JIT's, or a built module's).
  Evaluator(const CompiledPolicy& policy, codegen::ProvisionFn fn, int provision_index,
            std::optional<int64_t> as_of = std::nullopt, bool strict = false);
  Evaluator(const CompiledPolicy& policy, const codegen::Jit& jit, int provision_index,
            std::optional<int64_t> as_of = std::nullopt, bool strict = false)
      : Evaluator(policy, jit.Lookup(provision_index), provision_index, as_of, strict) {}
  // An evaluator of a shared host (which must host this provision).
  Evaluator(Host& host, codegen::ProvisionFn fn, int provision_index);
  Evaluator(Host& host, const codegen::Jit& jit, int provision_index)
      : Evaluator(host, jit.Lookup(provision_index), provision_index) {}
  // Loads `facts_json` into the host and evaluates it.
  Outcome Evaluate(std::string_view facts_json);
  // The same into `out`, whose storage is reused (a batch allocates nothing per record once warm).
  void Evaluate(std::string_view facts_json, Outcome& out);
  // Evaluates the host's loaded record; `render`: the outputs and the JSON
  // object too (a summary needs only `eligible` and OutputWord). Named
  // apart from Evaluate: a `const char*` of facts would convert to bool.
  Outcome EvaluateLoaded(bool render = true);
  // Counts coverage outcomes here (two per module coverage point) when the
  // JIT was built with coverage.
  void CollectCoverage(uint64_t* counters) { coverage_ = counters; }
  // Has instrumented code write what it saw to `trace` (codegen::TraceLayout).
  void CollectTrace(int64_t* trace) { trace_ = trace; }
  // Each rule's state after the last evaluation (ir::RuleState).
  const std::vector<uint8_t>& rule_states() const { return rule_state_; }
  // Output `i` of the last successful evaluation, as the compiled code left
  // it (money in fen), or nothing when it was not computed.
  std::optional<int64_t> OutputWord(size_t i) const {
    return output_present_[i] ? std::optional<int64_t>(outputs_[2 * i]) : std::nullopt;
  }

 private:
  void Prepare();
  void Fill(bool render, Outcome& out);
  static Outcome Failed(const facts::FactError& e);

  std::unique_ptr<Host> own_host_;
  Host& host_;
  int index_;
  const ir::Provision& provision_;
  codegen::ProvisionFn fn_;
  std::vector<int64_t> outputs_;
  std::vector<uint8_t> output_present_;
  std::vector<uint8_t> rule_state_;
  std::vector<std::string> rule_reasons_;   // per rule: the same words for every record
  std::vector<std::string> quoted_reasons_;  // the same, as JSON strings
  std::vector<std::string> quoted_names_;    // per output: its name as a JSON string
  uint64_t* coverage_ = nullptr;
  int64_t* trace_ = nullptr;
};

}  // namespace provisio::eval
