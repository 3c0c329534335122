// Throughput of the compiled path, each against a baseline measured in the
// same run:
//   - the native provision call vs the same rule written by hand in C++
//     (qingyang-2023.internship_subsidy on a decoded record);
//   - decoding + call + rendering vs decoding alone (what JSON costs);
//   - JIT compilation of each whole policy vs parsing and checking it.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <sstream>

#include "codegen/codegen.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "eval/evaluator.h"

using namespace provisio;

namespace {
const char* kRecord =
    R"({"application":{"date":"2023-06-01"},"person":{"birth_date":"2000-03-15","college_graduate":true,)"
    R"("graduation_date":"2022-07-01","employed_since_graduation":false},"internship":{"months":6,"unit_retention_rate":"55%"}})";

std::string PolicyPath(const std::string& id) { return std::string(PROVISIO_SOURCE_DIR) + "/policies/" + id + ".prv"; }

struct Fixture {
  std::unique_ptr<driver::CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  int index = -1;
  Fixture() {
    std::ostringstream diagnostics;
    policy = driver::Compile(PolicyPath("qingyang-2023"), diagnostics);
    jit = driver::NativeOrReport(policy->module);
    index = driver::FindProvision(policy->module, "qingyang-2023.internship_subsidy");
  }
  // A decoder for the benchmarked provision's facts.
  std::unique_ptr<facts::Decoder> MakeDecoder(facts::Interner& strings) const {
    const auto& prov = policy->module.provisions[index];
    std::vector<facts::SlotSpec> wanted;
    for (int32_t slot : prov.needed_slots) wanted.push_back({slot, policy->module.slots[slot].fact});
    return std::make_unique<facts::Decoder>(policy->module.schema, static_cast<int32_t>(policy->module.slots.size()),
                                            wanted, prov.lists_read, strings);
  }
};
Fixture& Shared() {
  static Fixture f;
  return f;
}

// The same rule by hand: the baseline for the native call.
struct Applicant {
  int64_t application_date, birth_date, graduation_date;
  bool graduate, has_graduation_date, employed, has_registered;
  int64_t registered_since, months;
  int64_t rate_num, rate_den;
};
int64_t AddYears(int64_t day, int64_t years) {
  int64_t out;
  prv_date_add_months(day, 12 * years, &out);
  return out;
}
bool HandWritten(const Applicant& a, int64_t* monthly, int64_t* amount) {
  int64_t d = a.application_date;
  if (d < 19358 || d > 19722) return false;  // 2023-01-01 .. 2023-12-31
  bool graduate = a.graduate && a.graduation_date <= d && d <= AddYears(a.graduation_date, 2) && !a.employed;
  int64_t age = prv_age_years(a.birth_date, d);
  bool youth = age >= 16 && age <= 24 && a.has_registered && a.registered_since <= d;
  if (!graduate && !youth) return false;
  auto below = [&](int64_t pct) { return prv_ratio_cmp(a.rate_num, a.rate_den, pct, 100) < 0; };
  *monthly = below(50) ? 100000 : below(60) ? 120000 : below(70) ? 135000 : 150000;
  return !__builtin_mul_overflow(*monthly, a.months, amount);
}

void BM_HandWrittenRule(benchmark::State& state) {
  int64_t birth, grad, app;
  prv_date_parse("2000-03-15", 10, &birth);
  prv_date_parse("2022-07-01", 10, &grad);
  prv_date_parse("2023-06-01", 10, &app);
  Applicant a{app, birth, grad, true, true, false, false, 0, 6, 11, 20};
  int64_t monthly = 0, amount = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(HandWritten(a, &monthly, &amount));
    benchmark::DoNotOptimize(amount);
  }
}
BENCHMARK(BM_HandWrittenRule);

void BM_NativeProvisionCall(benchmark::State& state) {
  auto& f = Shared();
  const auto& prov = f.policy->module.provisions[f.index];
  facts::Interner strings(f.policy->module.strings);
  auto decoder = f.MakeDecoder(strings);
  facts::Record record;
  if (decoder->Decode(kRecord, record)) state.SkipWithError("decode failed");
  auto fn = f.jit->Lookup(f.index);
  std::vector<int64_t> outputs(2 * prov.outputs.size());
  std::vector<uint8_t> present(prov.outputs.size());
  prv_record rec = record.View();
  for (auto _ : state) {
    prv_result res{outputs.data(), present.data(), -2, 0, -1, -1, nullptr, nullptr, 0, nullptr, -1, -1, -1};
    benchmark::DoNotOptimize(codegen::CallNative(fn, &rec, &res));
    benchmark::DoNotOptimize(outputs.data());
  }
}
BENCHMARK(BM_NativeProvisionCall);

void BM_DecodeOnly(benchmark::State& state) {
  auto& f = Shared();
  facts::Interner strings(f.policy->module.strings);
  auto decoder = f.MakeDecoder(strings);
  facts::Record record;
  for (auto _ : state) benchmark::DoNotOptimize(decoder->Decode(kRecord, record));
  state.SetBytesProcessed(state.iterations() * std::strlen(kRecord));
}
BENCHMARK(BM_DecodeOnly);

void BM_EvaluateRecordEndToEnd(benchmark::State& state) {
  auto& f = Shared();
  eval::Evaluator evaluator(*f.policy, *f.jit, f.index);
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.Evaluate(kRecord).Json());
  state.SetBytesProcessed(state.iterations() * std::strlen(kRecord));
}
BENCHMARK(BM_EvaluateRecordEndToEnd);

// Provisions whose lets are read several times: each let is now computed
// once per record (稳岗返还's headcount four times and layoff_rate twice;
// 缴费时限's deadline, 20 working days on, three times).
// `grounds`: ask for every condition's state (what eval does); without, the
// call stops at the first failed condition (what summary does).
void BM_ProvisionCall(benchmark::State& state, const char* policy_id, const char* provision, const char* facts,
                      bool grounds) {
  std::ostringstream diagnostics;
  auto policy = driver::Compile(PolicyPath(policy_id), diagnostics);
  int index = driver::FindProvision(policy->module, provision);
  auto jit = driver::NativeOrReport(policy->module);
  const auto& prov = policy->module.provisions[index];
  facts::Interner strings(policy->module.strings);
  std::vector<facts::SlotSpec> wanted;
  for (int32_t slot : prov.needed_slots) wanted.push_back({slot, policy->module.slots[slot].fact});
  facts::Decoder decoder(policy->module.schema, static_cast<int32_t>(policy->module.slots.size()), wanted,
                         prov.lists_read, strings);
  facts::Record record;
  if (decoder.Decode(facts, record)) state.SkipWithError("decode failed");
  auto fn = jit->Lookup(index);
  std::vector<int64_t> outputs(2 * prov.outputs.size());
  std::vector<uint8_t> present(prov.outputs.size()), states(prov.rules.size() + 1);
  prv_record rec = record.View();
  for (auto _ : state) {
    prv_result res{};
    res.outputs = outputs.data();
    res.output_present = present.data();
    res.rule_state = grounds ? states.data() : nullptr;
    benchmark::DoNotOptimize(codegen::CallNative(fn, &rec, &res));
    benchmark::DoNotOptimize(outputs.data());
  }
}
const char* kRefund =
    R"({"application":{"date":"2023-06-01"},"enterprise":{"ui_insured":true,"avg_monthly_insured_prior_year":200,)"
    R"("layoffs_prior_year":11,"size":"large","org_type":"company","ui_premium_paid_prior_year":"100000.00",)"
    R"("seriously_dishonest":false,"env_noncompliant":false,"has_corporate_account":true}})";
// Refused on its first condition.
const char* kRefundRefused =
    R"({"application":{"date":"2023-06-01"},"enterprise":{"ui_insured":true,"avg_monthly_insured_prior_year":200,)"
    R"("layoffs_prior_year":11,"size":"large","org_type":"company","ui_premium_paid_prior_year":"100000.00",)"
    R"("seriously_dishonest":true,"env_noncompliant":false,"has_corporate_account":true}})";
const char* kDeadline = R"({"application":{"date":"2023-06-01","accepted_date":"2023-05-04","paid_date":"2023-06-02"}})";
BENCHMARK_CAPTURE(BM_ProvisionCall, refund_eligible, "xingan-2023", "xingan-2023.job_retention_refund", kRefund, true);
BENCHMARK_CAPTURE(BM_ProvisionCall, refund_refused_all_grounds, "xingan-2023", "xingan-2023.job_retention_refund",
                  kRefundRefused, true);
BENCHMARK_CAPTURE(BM_ProvisionCall, refund_refused_decision_only, "xingan-2023", "xingan-2023.job_retention_refund",
                  kRefundRefused, false);
BENCHMARK_CAPTURE(BM_ProvisionCall, payment_deadline, "nmg-2023", "nmg-2023.payment_deadline", kDeadline, true);

void BM_FrontEnd(benchmark::State& state, const char* id) {
  for (auto _ : state) {
    std::ostringstream diagnostics;
    benchmark::DoNotOptimize(driver::Compile(PolicyPath(id), diagnostics));
  }
}
// A whole policy compiled from its IR (`cached`: loaded from a cache that a
// first compilation filled, as every run after the first does).
void BM_JitCompile(benchmark::State& state, const char* id, bool cached) {
  std::ostringstream diagnostics;
  auto policy = driver::Compile(PolicyPath(id), diagnostics);
  char folder[] = "/tmp/provisio-jit-cache.XXXXXX";
  std::string cache = cached ? mkdtemp(folder) : "";
  if (cached) codegen::Jit::Create(policy->module, driver::Reporter(), false, std::nullopt, cache);
  for (auto _ : state) {
    benchmark::DoNotOptimize(codegen::Jit::Create(policy->module, driver::Reporter(), false, std::nullopt, cache));
  }
  state.counters["provisions"] = static_cast<double>(policy->module.provisions.size());
  std::error_code ec;
  if (cached) std::filesystem::remove_all(cache, ec);
}
BENCHMARK_CAPTURE(BM_FrontEnd, qingyang, "qingyang-2023")->Unit(benchmark::kMillisecond);
// Wall time: the provisions compile on several threads.
BENCHMARK_CAPTURE(BM_JitCompile, qingyang, "qingyang-2023", false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_JitCompile, qingyang_cached, "qingyang-2023", true)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_FrontEnd, xingan, "xingan-2023")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_JitCompile, xingan, "xingan-2023", false)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_JitCompile, xingan_cached, "xingan-2023", true)->Unit(benchmark::kMillisecond)->UseRealTime();
}  // namespace

BENCHMARK_MAIN();
