// libFuzzer target: arbitrary bytes as a facts input (a batch: lines, a
// pretty-printed object, invalid UTF-8, duplicate keys, overlong text),
// split into records as `eval` splits it, each decoded and evaluated by
// every compiled provision of the seed policies. Bad input must give an
// error naming a fact, never a crash or a wrong read; no byte of a record
// may be lost by the split. Each record is also decoded by the general
// decoder alone: the one-pass path must leave the same record or error.
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
#include "facts/decoder.h"

using namespace provisio;

namespace {
struct Compiled {
  std::unique_ptr<driver::CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  std::vector<std::unique_ptr<eval::Evaluator>> evaluators;
  std::unique_ptr<facts::Interner> strings;
  std::unique_ptr<facts::Decoder> decoder;  // every slot and list of the policy
};

// A decoding's whole result, to compare the two paths.
bool Same(const std::optional<facts::FactError>& a, const facts::Record& x, const std::optional<facts::FactError>& b,
          const facts::Record& y) {
  if (a.has_value() != b.has_value() || (a && (a->message != b->message || a->fact != b->fact))) return false;
  if (a) return true;
  if (x.values != y.values || x.present != y.present || x.issues.size() != y.issues.size() ||
      x.late.has_value() != y.late.has_value() || x.lists.size() != y.lists.size())
    return false;
  for (size_t i = 0; i < x.issues.size(); ++i)
    if (x.issues[i].error.message != y.issues[i].error.message || x.issues[i].slot != y.issues[i].slot) return false;
  for (size_t i = 0; i < x.lists.size(); ++i)
    if (x.lists[i].values != y.lists[i].values || x.lists[i].present != y.lists[i].present ||
        x.lists[i].given != y.lists[i].given || x.lists[i].count != y.lists[i].count)
      return false;
  return true;
}

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
      const auto& m = c.policy->module;
      std::vector<facts::SlotSpec> slots;
      for (size_t i = 0; i < m.slots.size(); ++i) slots.push_back({static_cast<int32_t>(i), m.slots[i].fact});
      std::vector<int32_t> lists;
      for (size_t l = 0; l < m.schema.lists.size(); ++l) lists.push_back(static_cast<int32_t>(l));
      c.strings = std::make_unique<facts::Interner>(m.strings);
      c.decoder = std::make_unique<facts::Decoder>(m.schema, static_cast<int32_t>(m.slots.size()), slots, lists, *c.strings);
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
    for (auto& c : All()) {
      facts::Record one_pass, general;
      auto a = c.decoder->Decode(record.text, one_pass);
      auto b = c.decoder->DecodeGeneral(record.text, general);
      if (!Same(a, one_pass, b, general)) abort();
      for (auto& e : c.evaluators) {
        eval::Outcome out = e->Evaluate(record.text);
        if (!out.ok && out.error.empty()) abort();  // every failure must say why
        (void)out.Json();
      }
    }
  }
  if (bytes > size || reader.lines() > size + 1) abort();  // the split invents nothing
  return 0;
}
