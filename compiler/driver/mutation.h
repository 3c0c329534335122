// Mutation testing of a policy's golden suite (`provisio test --mutants`):
// every mutant of the provisions the suite exercises, compiled on its own
// and run against the cases of its provision, in parallel. A mutant no case
// tells apart survives: the suite does not pin down that edge.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "eval/evaluator.h"
#include "mutate/mutants.h"

namespace provisio::driver {

struct MutationRun {
  enum class Fate { Killed, Survived, Equivalent, NoCase };
  std::vector<mutate::Mutant> mutants;
  std::vector<Fate> fates;
  std::vector<std::string> nearest;  // per survivor: the case that came nearest to telling it apart
  double seconds = 0;
  size_t Count(Fate f) const;
  // Killed over killed and survived, in tenths of a percent (1000 when none ran).
  int64_t ScoreTenths() const;
};

// The coverage points around what `mutant` changes: a case that reaches one
// of them runs the changed code.
std::vector<int32_t> PointsAround(const ir::Module& module, const mutate::Mutant& mutant);

// `tells_apart(provision, evaluator)`: whether some case of the provision
// fails when run through `evaluator` (the mutant's code).
MutationRun RunMutants(const eval::CompiledPolicy& policy, const std::vector<bool>& exercised, unsigned jobs,
                       const std::function<bool(int, eval::Evaluator&)>& tells_apart);

// The report for people: counts, score, time, every survivor and equivalent with its place.
std::string MutationText(const MutationRun& run, const eval::CompiledPolicy& policy);
// The same as one JSON object, for CI.
std::string MutationJson(const MutationRun& run, const eval::CompiledPolicy& policy);

}  // namespace provisio::driver
