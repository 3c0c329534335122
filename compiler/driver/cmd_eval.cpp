// `provisio eval`: one provision over the facts input. One record gives one
// JSON object (an error on stderr); several are a batch: one output line per
// record, a bad record reported in place as {"line":N,"error":…}.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/report.h"
#include "driver/batch.h"
#include "driver/compile.h"
#include "eval/evaluator.h"
#include "driver/interrupt.h"
#include "eval/render.h"
#include "driver/records.h"
#include "driver/writer.h"
#include "ir/print.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
constexpr int kExitBadFacts = 2, kExitIo = 3;

// A name that says JSON Lines keeps the batch form even for one record.
bool NamedAsBatch(std::string path) {
  std::transform(path.begin(), path.end(), path.begin(), [](unsigned char c) { return std::tolower(c); });
  return path.ends_with(".jsonl") || path.ends_with(".ndjson");
}

Outcome Evaluate(Evaluator& evaluator, const FactsRecord& r) {
  if (!r.too_long) return evaluator.Evaluate(r.text);
  Outcome o;
  o.error = TooLongError();
  return o;
}
// Says why the run stopped early; the exit code.
int Incomplete(RecordReader::Status status, const RecordReader& reader, size_t written) {
  if (status == RecordReader::Status::Interrupted) {
    int sig = Interrupted();
    Report(diag::Kind::Interrupted, sig == SIGINT ? "SIGINT" : "SIGTERM", reader.lines(), written);
    return 128 + sig;
  }
  Report(diag::Kind::FactsUnreadable, fmt::format("{}; the output ends after record {}", reader.error(), written));
  return kExitIo;
}

int WriteFailed(const Writer& out, size_t written) {
  Report(diag::Kind::OutputFailed, fmt::format("{} (after {} complete records)", out.error(), written));
  return kExitIo;
}

int EvalInput(int fd, const EvalOptions& options, const std::function<std::unique_ptr<Evaluator>()>& make) {
  CatchInterrupts();
  RecordReader reader(fd);
  Writer out(STDOUT_FILENO);
  // Look one record ahead: a lone record is answered as one object.
  FactsRecord first, second;
  auto status = reader.Next(first);
  if (status == RecordReader::Status::End) {
    if (NamedAsBatch(options.facts)) return 0;  // an empty batch
    Report(diag::Kind::FactsUnreadable, "no facts: the input is empty");
    return kExitBadFacts;
  }
  if (status != RecordReader::Status::Record) return Incomplete(status, reader, 0);
  status = reader.Next(second);
  if (status == RecordReader::Status::End && !NamedAsBatch(options.facts)) {
    Outcome o = Evaluate(*make(), first);
    if (!o.ok) {
      Report(diag::Kind::BadFacts, o.error);
      return kExitBadFacts;
    }
    return out.Write(o.json + "\n") ? 0 : WriteFailed(out, 0);
  }
  Batch batch(options.jobs, make, out);
  if (!batch.Add(first)) return WriteFailed(out, batch.written());
  if (status == RecordReader::Status::Record && !batch.Add(second)) return WriteFailed(out, batch.written());
  while (status == RecordReader::Status::Record && !Interrupted())
    if (!batch.Read(reader, status)) return WriteFailed(out, batch.written());
  if (!batch.Finish()) return WriteFailed(out, batch.written());
  if (Interrupted()) status = RecordReader::Status::Interrupted;
  if (status != RecordReader::Status::End) return Incomplete(status, reader, batch.written());
  return batch.bad() ? kExitBadFacts : 0;
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
  int index = ProvisionOrReport(policy->module, options.provision, options.policy);
  if (index < 0) return 1;
  auto jit = NativeOrReport(policy->module, false, index);
  if (!jit) return 1;
  std::string error;
  int fd = OpenFacts(options.facts, error);
  if (fd < 0) {
    Report(diag::Kind::FactsUnreadable, error);
    return kExitBadFacts;
  }
  int status = EvalInput(fd, options, [&] { return std::make_unique<Evaluator>(*policy, *jit, index, options.as_of, options.strict); });
  if (fd != STDIN_FILENO) ::close(fd);
  return status;
}

}  // namespace provisio::driver
