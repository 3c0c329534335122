// `provisio compare BASE.prv REFORM.prv --provision ID[=ID2] --facts F`: what a
// change of the rules does to a population, record by record, streaming —
// who becomes eligible or stops being, who is paid more or less — and the
// totals before and after. With `--against FACT` and one policy: the amount
// computed against the amount already paid that each record carries
// (联合核查), listing over- and under-payments with the computed answer's grounds.
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <optional>
#include <thread>
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/interrupt.h"
#include "driver/records.h"
#include "driver/report.h"
#include "driver/writer.h"
#include "eval/evaluator.h"
#include "facts/json_tape.h"
#include "source/json_writer.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
constexpr int kExitBadFacts = 2, kExitIo = 3, kExitUsage = 64;

// One policy's provision, compiled once for every worker.
struct Compiled {
  std::unique_ptr<CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  int provision = -1;
  int total = -1;  // the money output compared and totalled, or -1
  const ir::Provision& Provision() const { return policy->module.provisions[provision]; }
};

bool Prepare(Compiled& c, const std::string& path, const std::string& id, const CompareOptions& o) {
  c.policy = Compile(path, std::cerr);
  if (!c.policy) return false;
  c.provision = ProvisionOrReport(c.policy->module, id, path);
  if (c.provision < 0) return false;
  c.jit = NativeOrReport(c.policy->module, false, c.provision);
  if (!c.jit) return false;
  const auto& outputs = c.Provision().outputs;
  for (size_t i = 0; i < outputs.size(); ++i)
    if (outputs[i].name == o.total && outputs[i].type.kind == ir::TypeKind::Money) c.total = static_cast<int>(i);
  return true;
}

// The provision evaluated record by record, by one worker.
struct Side {
  Side(const Compiled& compiled, const CompareOptions& o)
      : c(&compiled), evaluator(std::make_unique<Evaluator>(*compiled.policy, *compiled.jit, compiled.provision, o.as_of)) {}
  const Compiled* c;
  std::unique_ptr<Evaluator> evaluator;
  Outcome out;

  const ir::Provision& Provision() const { return c->Provision(); }
  // The total output of the last record, in fen (0 when not computed).
  int64_t Amount() const { return c->total >= 0 ? evaluator->OutputWord(c->total).value_or(0) : 0; }
};

std::string Yuan(int64_t fen) {
  char buf[32];
  return std::string(buf, prv_money_format(fen, buf));
}

// A running sum in fen that says when it no longer fits.
struct Sum {
  int64_t fen = 0;
  bool overflow = false;
  void Add(int64_t v) { overflow = overflow || __builtin_add_overflow(fen, v, &fen); }
  void Add(const Sum& other) {
    Add(other.fen);
    overflow = overflow || other.overflow;
  }
  std::string Text() const { return overflow ? "(overflow)" : Yuan(fen); }
  std::string Json() const { return overflow ? "null" : Yuan(fen); }
};

// The changes a record can show, in the order the summary lists them.
enum Change { kNewlyEligible, kNoLongerEligible, kPaidMore, kPaidLess, kChangedOtherwise, kUnchanged, kError, kChanges };
constexpr const char* kChangeKey[] = {"newly_eligible", "no_longer_eligible", "paid_more", "paid_less",
                                      "changed_otherwise", "unchanged", "error"};
constexpr const char* kChangeWords[] = {"newly eligible", "no longer eligible", "paid more", "paid less",
                                        "changed otherwise", "unchanged", "errors"};

Change Classify(const Side& before, const Side& after) {
  const Outcome &b = before.out, &a = after.out;
  if (!b.ok || !a.ok) return kError;
  if (!b.eligible && a.eligible) return kNewlyEligible;
  if (b.eligible && !a.eligible) return kNoLongerEligible;
  if (after.Amount() > before.Amount()) return kPaidMore;
  if (after.Amount() < before.Amount()) return kPaidLess;
  if (b.outputs.size() != a.outputs.size()) return kChangedOtherwise;
  for (size_t i = 0; i < b.outputs.size(); ++i)
    if (b.outputs[i] != a.outputs[i]) return kChangedOtherwise;
  return kUnchanged;
}

// The amount already paid that a record carries, at fact `name` (`group.name`,
// nested or dotted), as money: nothing when absent, an error when not money.
std::optional<int64_t> PaidAmount(std::string_view json, const std::string& name, std::string& error) {
  facts::JsonTape tape;
  facts::JsonError e;
  if (!tape.Parse(json, e) || tape.size() == 0 || tape[0].kind != facts::JsonTape::Kind::Object) return std::nullopt;
  std::string scratch, group = name.substr(0, name.find('.')), field = name.substr(name.find('.') + 1);
  auto member = [&](uint32_t object, std::string_view key) -> std::optional<uint32_t> {
    for (uint32_t k = facts::JsonTape::FirstChild(object); k < tape[object].next; k = tape[k + 1].next)
      if (tape.Text(tape[k], scratch) == key) return k + 1;
    return std::nullopt;
  };
  std::optional<uint32_t> value = member(0, name);
  if (auto g = member(0, group); !value && g && tape[*g].kind == facts::JsonTape::Kind::Object) value = member(*g, field);
  if (!value) return std::nullopt;
  std::string text(tape[*value].kind == facts::JsonTape::Kind::String ? tape.Text(tape[*value], scratch) : tape.Raw(tape[*value]));
  int64_t fen = 0;
  if ((tape[*value].kind != facts::JsonTape::Kind::Number && tape[*value].kind != facts::JsonTape::Kind::String) ||
      prv_money_parse(text.data(), static_cast<int64_t>(text.size()), &fen) != PRV_OK) {
    error = fmt::format("fact {}: expected money in yuan with at most 2 decimals, found {}", name, tape.Raw(tape[*value]));
    return std::nullopt;
  }
  return fen;
}

class Comparison {
 public:
  Comparison(const CompareOptions& o, const Compiled& before, const Compiled* after)
      : o_(o), before_(before, o), after_(after ? std::optional<Side>(std::in_place, *after, o) : std::nullopt) {}

  // Another worker's tallies added to these.
  void Merge(const Comparison& w) {
    records_ += w.records_;
    for (int c = 0; c < kChanges; ++c) changes_[c] += w.changes_[c];
    correct_ += w.correct_, overpaid_ += w.overpaid_, underpaid_ += w.underpaid_, errors_ += w.errors_;
    total_before_.Add(w.total_before_), total_after_.Add(w.total_after_), total_paid_.Add(w.total_paid_);
    excess_.Add(w.excess_), shortfall_.Add(w.shortfall_);
  }

  // The record's line, when it is to be written ("" otherwise).
  std::string Record(size_t line, const FactsRecord& r) {
    ++records_;
    Evaluate(before_, r);
    return after_ ? Compared(line, r) : Checked(line, r);
  }

  std::string Summary() const {
    std::string text;
    source::JsonWriter json(text);
    json.BeginObject().Key("records").Int(static_cast<int64_t>(records_));
    if (after_) {
      json.Key("before").String(before_.Provision().id).Key("after").String(after_->Provision().id);
      for (int c = 0; c < kChanges; ++c) json.Key(kChangeKey[c]).Int(static_cast<int64_t>(changes_[c]));
      Sum difference;
      difference.Add(total_after_.fen);
      difference.Add(-total_before_.fen);
      json.Key("total_before").Raw(total_before_.Json()).Key("total_after").Raw(total_after_.Json());
      difference.overflow = difference.overflow || total_before_.overflow || total_after_.overflow;
      json.Key("difference").Raw(difference.Json());
      json.EndObject();
      if (o_.json) return text + "\n";
      std::string t = fmt::format("{} → {}, {} records ({}):\n", before_.Provision().id, after_->Provision().id, records_, o_.total);
      for (int c = 0; c < kChanges; ++c) t += fmt::format("  {:<20} {:>10}\n", kChangeWords[c], changes_[c]);
      t += fmt::format("  {:<20} {:>18}\n  {:<20} {:>18}\n  {:<20} {:>18}\n", "total before", total_before_.Text(), "total after",
                       total_after_.Text(), "difference", difference.overflow ? "(overflow)" : (difference.fen > 0 ? "+" : "") + difference.Text());
      return t;
    }
    json.Key("provision").String(before_.Provision().id).Key("against").String(o_.against);
    json.Key("correct").Int(static_cast<int64_t>(correct_)).Key("overpaid").Int(static_cast<int64_t>(overpaid_));
    json.Key("overpaid_by").Raw(excess_.Json()).Key("underpaid").Int(static_cast<int64_t>(underpaid_));
    json.Key("underpaid_by").Raw(shortfall_.Json()).Key("errors").Int(static_cast<int64_t>(errors_));
    json.Key("total_paid").Raw(total_paid_.Json()).Key("total_computed").Raw(total_before_.Json()).EndObject();
    if (o_.json) return text + "\n";
    return fmt::format(
        "{} against {}, {} records:\n  {:<20} {:>10}\n  {:<20} {:>10} {:>18}\n  {:<20} {:>10} {:>18}\n  {:<20} {:>10}\n"
        "  {:<20} {:>18}\n  {:<20} {:>18}\n",
        before_.Provision().id, o_.against, records_, "paid as computed", correct_, "overpaid", overpaid_, excess_.Text(), "underpaid",
        underpaid_, shortfall_.Text(), "errors", errors_, "total paid", total_paid_.Text(), "total computed", total_before_.Text());
  }

  bool bad() const { return changes_[kError] > 0 || errors_ > 0; }
  bool overflow() const {
    return total_before_.overflow || total_after_.overflow || total_paid_.overflow || excess_.overflow || shortfall_.overflow;
  }

 private:
  static void Evaluate(Side& side, const FactsRecord& r) {
    if (r.too_long) {
      side.out = Outcome{};
      side.out.error = TooLongError();
    } else {
      side.evaluator->Evaluate(r.text, side.out);
    }
  }

  std::string Compared(size_t line, const FactsRecord& r) {
    Evaluate(*after_, r);
    Change change = Classify(before_, *after_);
    ++changes_[change];
    if (before_.out.ok) total_before_.Add(before_.Amount());
    if (after_->out.ok) total_after_.Add(after_->Amount());
    if (!o_.changed_only || change == kUnchanged) return "";  // a record that failed is listed too
    return fmt::format("{{\"line\":{},\"change\":\"{}\",\"before\":{},\"after\":{}}}\n", line, kChangeKey[change],
                       before_.out.Json(), after_->out.Json());
  }

  std::string Checked(size_t line, const FactsRecord& r) {
    const Outcome& out = before_.out;
    if (!out.ok) {
      ++errors_;
      return out.Json(line) + "\n";
    }
    std::string error;
    auto paid = PaidAmount(r.text, o_.against, error);
    if (!paid) {
      ++errors_;
      Outcome refused;  // the record's error, as eval writes one
      refused.error = error.empty() ? "missing fact " + o_.against : error;
      refused.error_fact = o_.against;
      return refused.Json(line) + "\n";
    }
    int64_t computed = before_.Amount();
    total_before_.Add(computed);
    total_paid_.Add(*paid);
    if (*paid == computed) {
      ++correct_;
      return "";
    }
    bool over = *paid > computed;
    (over ? overpaid_ : underpaid_)++;
    (over ? excess_ : shortfall_).Add(over ? *paid - computed : computed - *paid);
    return fmt::format("{{\"line\":{},\"finding\":\"{}\",\"paid\":{},\"computed\":{},\"difference\":{},\"answer\":{}}}\n", line,
                       over ? "overpaid" : "underpaid", Yuan(*paid), Yuan(computed), Yuan(*paid - computed), out.Json());
  }

  const CompareOptions& o_;
  Side before_;
  std::optional<Side> after_;
  size_t records_ = 0;
  size_t changes_[kChanges] = {};
  size_t correct_ = 0, overpaid_ = 0, underpaid_ = 0, errors_ = 0;
  Sum total_before_, total_after_, total_paid_, excess_, shortfall_;
};
}  // namespace

int RunCompare(const CompareOptions& o) {
  bool against = !o.against.empty();
  if (o.policies.size() != (against ? 1u : 2u)) {
    Report(diag::Kind::UsageError, against ? "provisio compare --against FACT: give one policy"
                                           : "provisio compare: give BASE.prv and REFORM.prv (or one policy with --against FACT)");
    return kExitUsage;
  }
  std::string base_id = o.provision.substr(0, o.provision.find('='));
  std::string reform_id = o.provision.find('=') == std::string::npos ? base_id : o.provision.substr(o.provision.find('=') + 1);
  Compiled before, after;
  if (!Prepare(before, o.policies[0], base_id, o)) return 1;
  if (!against && !Prepare(after, o.policies[1], reform_id, o)) return 1;
  if (against) {
    const auto& schema = before.policy->module.schema;
    int32_t fact = schema.FindFact(o.against);
    if (fact < 0 || schema.facts[fact].type != schema::ValueType::Money) {
      Report(diag::Kind::UsageError, fmt::format("--against {}: the policy's schema declares no money fact of that name", o.against));
      return 1;
    }
    if (before.total < 0) {
      Report(diag::Kind::UsageError, fmt::format("--against: {} has no money output `{}` (--total names it)", before.Provision().id, o.total));
      return 1;
    }
  }
  std::string error;
  int fd = OpenFacts(o.facts, error);
  if (fd < 0) {
    Report(diag::Kind::FactsUnreadable, error);
    return kExitBadFacts;
  }
  CatchInterrupts();
  // Workers of their own evaluators; the records in chunks, each chunk's
  // lines written in input order once all its records are compared.
  std::vector<std::unique_ptr<Comparison>> workers;
  for (unsigned w = 0; w < std::max(o.jobs, 1u); ++w)
    workers.push_back(std::make_unique<Comparison>(o, before, against ? nullptr : &after));
  // The records' lines on stdout; the summary there too, unless the records take it.
  bool listing = o.changed_only || against;
  Writer out(STDOUT_FILENO), summary(listing ? STDERR_FILENO : STDOUT_FILENO);
  RecordReader reader(fd);
  constexpr size_t kChunk = 4096;
  std::vector<FactsRecord> chunk(kChunk);
  std::vector<std::string> lines(kChunk);
  RecordReader::Status status = RecordReader::Status::Record;
  size_t line = 0;
  while (status == RecordReader::Status::Record && !Interrupted()) {
    size_t n = 0;
    while (n < kChunk && (status = reader.Next(chunk[n])) == RecordReader::Status::Record) ++n;
    auto work = [&](size_t w) {
      for (size_t i = n * w / workers.size(); i < n * (w + 1) / workers.size(); ++i)
        lines[i] = workers[w]->Record(line + i + 1, chunk[i]);
    };
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers.size() && n >= workers.size(); ++w) threads.emplace_back(work, w);
    if (n >= workers.size()) work(0);
    else for (size_t i = 0; i < n; ++i) lines[i] = workers[0]->Record(line + i + 1, chunk[i]);
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < n; ++i)
      if (!lines[i].empty() && !out.Write(lines[i])) {
        Report(diag::Kind::OutputFailed, fmt::format("{} (after record {})", out.error(), line + i));
        return kExitIo;
      }
    line += n;
  }
  Comparison& comparison = *workers[0];
  for (size_t w = 1; w < workers.size(); ++w) comparison.Merge(*workers[w]);
  if (fd != STDIN_FILENO) ::close(fd);
  if (Interrupted()) {
    int sig = Interrupted();
    Report(diag::Kind::Interrupted, sig == SIGINT ? "SIGINT" : "SIGTERM", reader.lines(), line);
    return 128 + sig;
  }
  if (status != RecordReader::Status::End) {
    Report(diag::Kind::FactsUnreadable, fmt::format("{}; compared up to record {}", reader.error(), line));
    return kExitIo;
  }
  if (!summary.Write(comparison.Summary())) {
    Report(diag::Kind::OutputFailed, summary.error());
    return kExitIo;
  }
  if (comparison.overflow()) {
    Report(diag::Kind::TotalOverflow, o.total, before.Provision().id);
    return 1;
  }
  return comparison.bad() ? kExitBadFacts : 0;
}

}  // namespace provisio::driver
