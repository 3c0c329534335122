// `provisio eval`: one provision on one facts object, or a JSONL batch
// (one output line per input line, bad records reported in place).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/evaluator.h"
#include "driver/output.h"
#include "ir/print.h"

namespace provisio::driver {

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
  Evaluator evaluator(*policy, *jit, index, options.as_of);

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
    Outcome out = evaluator.Evaluate(ss.str());
    if (!out.ok) {
      std::cerr << "provisio: error: " << out.error << "\n";
      return 2;
    }
    std::cout << out.Json() << "\n";
    return 0;
  }
  int status = 0;
  std::string line, buffer;
  size_t number = 0;
  while (std::getline(*in, line)) {
    ++number;
    Outcome out = evaluator.Evaluate(line);
    if (out.ok) {
      buffer += out.Json();
    } else {
      status = 2;
      buffer += fmt::format("{{\"line\":{},\"error\":{}{}}}", number, JsonString(out.error),
                            out.error_fact.empty() ? "" : ",\"fact\":" + JsonString(out.error_fact));
    }
    buffer += '\n';
    if (buffer.size() > (1 << 16)) {
      std::cout << buffer;
      buffer.clear();
    }
  }
  std::cout << buffer;
  return status;
}

}  // namespace provisio::driver
