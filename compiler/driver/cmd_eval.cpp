// `provisio eval`: one provision over the facts input. One record gives one
// JSON object (an error on stderr); several are a batch: one output line per
// record, a bad record reported in place as {"line":N,"error":…}.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <thread>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/report.h"
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
// The same into `o`, whose storage the next record reuses.
void Evaluate(Evaluator& evaluator, const FactsRecord& r, Outcome& o) {
  if (!r.too_long) return evaluator.Evaluate(r.text, o);
  o = Outcome{};
  o.error = TooLongError();
}

// A batch, in chunks of records: each chunk is split among the threads,
// each with its own evaluator, and written in input order.
class Batch {
 public:
  Batch(unsigned jobs, const std::function<std::unique_ptr<Evaluator>()>& make, Writer& out)
      : outcomes_(std::max(1u, jobs)), rendered_(std::max(1u, jobs)), out_(out) {
    for (size_t j = 0; j < rendered_.size(); ++j) evaluators_.push_back(make());
  }
  // Takes `record`, leaving in it an earlier one's storage (a batch
  // allocates per record only until its chunk is full once). False when
  // the output could not be written.
  bool Add(FactsRecord& record) {
    bytes_ += record.text.size();
    if (count_ == records_.size()) records_.emplace_back();
    std::swap(records_[count_++], record);
    return (count_ < kChunkRecords && bytes_ < kChunkBytes) || Flush();
  }
  bool Flush() {
    size_t jobs = rendered_.size(), per = (count_ + jobs - 1) / jobs;
    std::vector<std::thread> threads;
    for (size_t j = 1; j < jobs; ++j)
      threads.emplace_back(&Batch::Run, this, j, std::min(count_, j * per), std::min(count_, (j + 1) * per));
    Run(0, 0, std::min(count_, per));
    for (auto& t : threads) t.join();
    for (const auto& r : rendered_)
      if (!out_.Write(r)) return false;
    written_ += count_;
    count_ = 0;
    bytes_ = 0;
    return true;
  }
  bool bad() const { return bad_; }
  size_t written() const { return written_; }

 private:
  static constexpr size_t kChunkRecords = 1 << 15, kChunkBytes = 32 << 20;

  void Run(size_t j, size_t from, size_t to) {
    std::string& out = rendered_[j];
    out.clear();
    for (size_t i = from; i < to; ++i) {
      Outcome& o = outcomes_[j];
      Evaluate(*evaluators_[j], records_[i], o);
      if (!o.ok) bad_ = true;
      out += o.ok ? o.json : o.Json(records_[i].line);
      out += '\n';
    }
  }

  std::vector<std::unique_ptr<Evaluator>> evaluators_;
  std::vector<Outcome> outcomes_;  // per thread, reused record after record
  std::vector<std::string> rendered_;
  std::vector<FactsRecord> records_;  // the chunk: its first count_
  size_t count_ = 0, bytes_ = 0, written_ = 0;
  std::atomic<bool> bad_{false};
  Writer& out_;
};

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
  while (status == RecordReader::Status::Record && !Interrupted()) {
    if (!batch.Add(second)) return WriteFailed(out, batch.written());
    status = reader.Next(second);
  }
  if (!batch.Flush()) return WriteFailed(out, batch.written());
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
