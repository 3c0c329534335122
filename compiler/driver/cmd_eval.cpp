// `provisio eval`: one provision on one facts object, or a JSONL batch
// (one output line per input line, bad records reported in place).
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <functional>
#include <thread>
#include <iostream>
#include <sstream>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/evaluator.h"
#include "driver/output.h"
#include "ir/print.h"

namespace provisio::driver {

namespace {
// A batch, in chunks of lines: each chunk is split among `jobs` threads,
// each with its own evaluator, and written back in input order.
int EvalBatch(std::istream& in, unsigned jobs, const std::function<std::unique_ptr<Evaluator>()>& make) {
  constexpr size_t kChunk = 1 << 15;
  jobs = std::max(1u, jobs);
  std::vector<std::unique_ptr<Evaluator>> evaluators;
  for (unsigned j = 0; j < jobs; ++j) evaluators.push_back(make());
  std::vector<std::string> lines, rendered(jobs);
  std::atomic<bool> bad{false};
  size_t first_line = 1;
  auto run = [&](unsigned j, size_t from, size_t to) {
    std::string& out = rendered[j];
    out.clear();
    for (size_t i = from; i < to; ++i) {
      Outcome o = evaluators[j]->Evaluate(lines[i]);
      if (o.ok) {
        out += o.json;
      } else {
        bad = true;
        out += fmt::format("{{\"line\":{},\"error\":{}{}}}", first_line + i, JsonString(o.error),
                           o.error_fact.empty() ? "" : ",\"fact\":" + JsonString(o.error_fact));
      }
      out += '\n';
    }
  };
  auto flush = [&] {
    size_t per = (lines.size() + jobs - 1) / jobs;
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < jobs; ++j)
      threads.emplace_back(run, j, std::min(lines.size(), j * per), std::min(lines.size(), (j + 1) * per));
    run(0, 0, std::min(lines.size(), per));
    for (auto& t : threads) t.join();
    for (const auto& r : rendered) std::cout << r;
    first_line += lines.size();
    lines.clear();
  };
  for (std::string line; std::getline(in, line);) {
    lines.push_back(std::move(line));
    if (lines.size() == kChunk) flush();
  }
  flush();
  std::cout.flush();
  return bad ? 2 : 0;
}
}  // namespace

int RunEval(const EvalOptions& options) {
  auto policy = Compile(options.policy, std::cerr);
  if (!policy) return 1;
  if (options.dump == "ir") {
    std::cout << ir::Print(policy->module, policy->sources);
    return 0;
  }
  if (options.dump == "llvm") {
    std::cout << codegen::Jit::DumpLlvm(policy->module);
    return 0;
  }
  int index = FindProvision(policy->module, options.provision);
  if (index < 0) {
    std::cerr << fmt::format("provisio: error: no provision `{}` in {}; it has:\n", options.provision, options.policy);
    for (const auto& p : policy->module.provisions) std::cerr << "  " << p.id << "\n";
    return 1;
  }
  std::string error;
  auto jit = codegen::Jit::Create(policy->module, error);
  if (!jit) {
    std::cerr << "provisio: error: cannot compile to native code: " << error << "\n";
    return 1;
  }

  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.facts != "-") {
    file.open(options.facts, std::ios::binary);
    if (!file) {
      std::cerr << fmt::format("provisio: error: cannot read facts file `{}`\n", options.facts);
      return 2;
    }
    in = &file;
  }
  bool batch = options.facts.size() > 6 && options.facts.ends_with(".jsonl");
  if (!batch) {
    std::stringstream ss;
    ss << in->rdbuf();
    Outcome out = Evaluator(*policy, *jit, index, options.as_of).Evaluate(ss.str());
    if (!out.ok) {
      std::cerr << "provisio: error: " << out.error << "\n";
      return 2;
    }
    std::cout << out.Json() << "\n";
    return 0;
  }
  return EvalBatch(*in, options.jobs, [&] { return std::make_unique<Evaluator>(*policy, *jit, index, options.as_of); });
}

}  // namespace provisio::driver
