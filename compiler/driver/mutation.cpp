#include "driver/mutation.h"

#include <fmt/format.h>

#include <atomic>
#include <functional>
#include <set>
#include <chrono>
#include <thread>

#include "driver/report.h"
#include "ir/walk.h"
#include "source/json_writer.h"

namespace provisio::driver {

using Fate = MutationRun::Fate;

size_t MutationRun::Count(Fate f) const { return static_cast<size_t>(std::count(fates.begin(), fates.end(), f)); }

int64_t MutationRun::ScoreTenths() const {
  size_t killed = Count(Fate::Killed), ran = killed + Count(Fate::Survived);
  return ran == 0 ? 1000 : static_cast<int64_t>(killed * 1000 / ran);
}

MutationRun RunMutants(const eval::CompiledPolicy& policy, const std::vector<bool>& exercised, unsigned jobs,
                       const std::function<bool(int, eval::Evaluator&)>& tells_apart) {
  auto start = std::chrono::steady_clock::now();
  MutationRun run;
  run.mutants = mutate::Mutants(policy.module, policy.sources);
  run.fates.assign(run.mutants.size(), Fate::Killed);
  run.nearest.assign(run.mutants.size(), "");
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next++) < run.mutants.size();) {
      const auto& mu = run.mutants[i];
      if (!exercised[mu.provision]) {
        run.fates[i] = Fate::NoCase;
        continue;
      }
      if (!mu.equivalent.empty()) {
        run.fates[i] = Fate::Equivalent;
        continue;
      }
      // Compiled on its own, never cached: a mutant is not worth keeping.
      auto jit = NativeUncached(mutate::Apply(policy.module, mu), mu.provision);
      if (!jit) continue;  // code that cannot be made is told apart
      // The decoder and renderer are the policy's own: a mutant changes the decision, not the facts.
      eval::Evaluator evaluator(policy, jit->Lookup(mu.provision), mu.provision, std::nullopt, /*strict=*/true);
      if (!tells_apart(mu.provision, evaluator)) run.fates[i] = Fate::Survived;
    }
  };
  std::vector<std::thread> workers;
  for (unsigned w = 1; w < std::max(jobs, 1u); ++w) workers.emplace_back(work);
  work();
  for (auto& t : workers) t.join();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

std::vector<int32_t> PointsAround(const ir::Module& module, const mutate::Mutant& mu) {
  const auto& p = module.provisions.at(mu.provision);
  std::set<const ir::Expr*> targets;
  for (const auto& [node, by] : mu.replace) targets.insert(node);
  if (mu.rule >= 0) targets.insert(p.rules[mu.rule].cond.get());
  std::set<int32_t> found;
  std::vector<int32_t> open;
  std::set<const ir::Expr*> seen;
  std::function<void(const ir::ExprPtr&)> walk = [&](const ir::ExprPtr& e) {
    if (!e || !seen.insert(e.get()).second) return;
    const auto* probe = std::get_if<ir::Probe>(&e->node);
    if (probe) open.push_back(probe->point);
    if (targets.contains(e.get())) {
      found.insert(open.begin(), open.end());
      if (probe == nullptr)  // a condition without a probe of its own: the points inside it
        ir::ForEachChild(*e, [&](const ir::ExprPtr& c) {
          if (const auto* inner = std::get_if<ir::Probe>(&c->node)) found.insert(inner->point);
        });
    }
    ir::ForEachChild(*e, walk);
    if (probe) open.pop_back();
  };
  ir::ForEachRoot(p, walk);
  return {found.begin(), found.end()};
}

std::string MutationText(const MutationRun& run, const eval::CompiledPolicy& policy) {
  int64_t score = run.ScoreTenths();
  std::string out = fmt::format("mutants: {} made, {} killed, {} survived, {} equivalent, {} in provisions no case runs; "
                                "score {}.{}% ({:.1f} s)\n",
                                run.mutants.size(), run.Count(Fate::Killed), run.Count(Fate::Survived), run.Count(Fate::Equivalent),
                                run.Count(Fate::NoCase), score / 10, score % 10, run.seconds);
  for (size_t i = 0; i < run.mutants.size(); ++i) {
    const auto& mu = run.mutants[i];
    const std::string& id = policy.module.provisions[mu.provision].id;
    if (run.fates[i] == Fate::Survived)
      out += fmt::format("  survived   {}: {} ({}){}\n", source::Location(policy.sources, mu.span), mu.change, id,
                         run.nearest[i].empty() ? "" : "; nearest case: " + run.nearest[i]);
    else if (run.fates[i] == Fate::Equivalent)
      out += fmt::format("  equivalent {}: {} ({}): {}\n", source::Location(policy.sources, mu.span), mu.change, id, mu.equivalent);
  }
  return out;
}

std::string MutationJson(const MutationRun& run, const eval::CompiledPolicy& policy) {
  static const char* kFates[] = {"killed", "survived", "equivalent", "no case"};
  std::string text;
  source::JsonWriter json(text);
  int64_t score = run.ScoreTenths();
  json.BeginObject().Key("policy").String(policy.module.policy_id).Key("made").Int(static_cast<int64_t>(run.mutants.size()));
  json.Key("killed").Int(static_cast<int64_t>(run.Count(Fate::Killed))).Key("survived").Int(static_cast<int64_t>(run.Count(Fate::Survived)));
  json.Key("equivalent").Int(static_cast<int64_t>(run.Count(Fate::Equivalent)));
  json.Key("score").Raw(fmt::format("{}.{}", score / 10, score % 10)).Key("seconds").Raw(fmt::format("{:.2f}", run.seconds));
  json.Key("mutants").BeginArray();
  for (size_t i = 0; i < run.mutants.size(); ++i) {
    const auto& mu = run.mutants[i];
    json.BeginObject().Key("provision").String(policy.module.provisions[mu.provision].id);
    json.Key("at").String(source::Location(policy.sources, mu.span)).Key("change").String(mu.change);
    json.Key("fate").String(kFates[static_cast<int>(run.fates[i])]);
    if (!mu.equivalent.empty()) json.Key("why").String(mu.equivalent);
    if (!run.nearest[i].empty()) json.Key("nearest_case").String(run.nearest[i]);
    json.EndObject();
  }
  json.EndArray().EndObject();
  return text + "\n";
}

}  // namespace provisio::driver
