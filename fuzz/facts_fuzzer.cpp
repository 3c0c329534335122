// libFuzzer target: arbitrary bytes as a facts input (a batch: lines, a
// pretty-printed object, invalid UTF-8, duplicate keys, overlong text),
// split into records as `eval` splits it, each decoded and evaluated by
// every compiled provision of the seed policies. Bad input must give an
// error naming a fact, never a crash or a wrong read; no byte of a record
// may be lost by the split.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "codegen/codegen.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "eval/evaluator.h"
#include "driver/records.h"

using namespace provisio;

namespace {
struct Compiled {
  std::unique_ptr<driver::CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  std::vector<std::unique_ptr<eval::Evaluator>> evaluators;
};

std::vector<Compiled>& All() {
  static std::vector<Compiled> all = [] {
    std::vector<Compiled> out;
    for (const char* id : {"qingyang-2023", "xingan-2023", "alxa-2019", "xinjiang-2023", "nmg-2023"}) {
      Compiled c;
      std::ostringstream diagnostics;
      c.policy = driver::Compile(std::string(PROVISIO_SOURCE_DIR) + "/policies/" + id + ".prv", diagnostics);
      if (!c.policy) abort();
      c.jit = driver::NativeOrReport(c.policy->module);
      if (!c.jit) abort();
      for (size_t i = 0; i < c.policy->module.provisions.size(); ++i)
        c.evaluators.push_back(std::make_unique<eval::Evaluator>(*c.policy, *c.jit, static_cast<int>(i)));
      out.push_back(std::move(c));
    }
    return out;
  }();
  return all;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int fd = memfd_create("facts", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size) ||
      lseek(fd, 0, SEEK_SET) != 0)
    abort();
  driver::RecordReader reader(fd);
  driver::FactsRecord record;
  size_t bytes = 0;
  while (reader.Next(record) == driver::RecordReader::Status::Record) {
    bytes += record.text.size();
    for (auto& c : All())
      for (auto& e : c.evaluators) {
        eval::Outcome out = e->Evaluate(record.text);
        if (!out.ok && out.error.empty()) abort();  // every failure must say why
        (void)out.Json();
      }
  }
  if (bytes > size || reader.lines() > size + 1) abort();  // the split invents nothing
  return 0;
}
