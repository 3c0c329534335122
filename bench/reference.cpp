// The performance reference: 稳岗返还 (bench/reference/wengang.prv) on
// 1,000,000 generated records, every engine against the same rule written
// plainly in C++ (int64 fen, integer comparisons, no library), timed in the
// same run, interleaved. Every path must reproduce the checksum of the
// generator (mulberry32, seed 20240601): 567,497 eligible, 599,217,588,373.93
// yuan in all; a path that does not is reported as an error, not a figure.
//   - BM_ReferenceKernel: one call per record of the JIT's function and of
//     the same provision in the module `provisio build` makes, deciding only
//     (as `summary` does) or with every ground (as `eval` does), and the
//     module's batch entry over the records in its compact layout;
//   - BM_ReferenceCommand: `provisio eval` (JSONL in, JSONL out) and
//     `provisio summary` on the same records written as JSONL.
#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "codegen/codegen.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "reference_data.h"

using namespace provisio;

namespace {
constexpr size_t kRecords = 1000000;
constexpr int64_t kExpectedFen = 59921758837393;  // 599,217,588,373.93 yuan
constexpr size_t kExpectedEligible = 567497;

// The rule written plainly: 1000·L ≤ 55·H is 5.5%, 5·L ≤ H is 20%; half up to the fen.
inline int64_t PlainRefundFen(const Applicant& x) {
  bool ok = !x.dishonest & !x.env &
            ((1000LL * x.layoffs <= 55LL * x.headcount) | ((x.headcount <= 30) & (5LL * x.layoffs <= x.headcount)));
  int64_t pct = x.large ? 30 : 60;
  return ok ? (x.premium_fen * pct + 50) / 100 : 0;
}

// Each record's refund stored, as every engine here stores its answer
// (and as the reference's own baseline does), then summed.
__attribute__((noinline)) int64_t PlainRun(const std::vector<Applicant>& records, int64_t* out, size_t* eligible) {
  int64_t sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    int64_t v = PlainRefundFen(records[i]);
    out[i] = v;
    sum += v;
    n += v > 0;
  }
  *eligible = n;
  return sum;
}

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

struct Reference {
  std::vector<Applicant> records = Generate(kRecords, 20240601);
  std::unique_ptr<driver::CompiledPolicy> policy;
  std::unique_ptr<codegen::Jit> jit;
  int index = -1;
  size_t slots = 0;
  std::vector<int64_t> values;  // per record: two words per slot
  std::vector<uint8_t> present;
  std::string folder;           // the built module and the JSONL facts
  codegen::ProvisionFn built = nullptr;
  int64_t (*batch)(const void*, void*, int64_t) = nullptr;
  codegen::CompactLayout layout;
  std::vector<uint8_t> compact;  // the records in the batch entry's layout
  std::vector<uint8_t> answers;
  std::vector<int64_t> refunds = std::vector<int64_t>(kRecords);  // the plain rule's answers
  std::string error;

  Reference() {
    std::string root = PROVISIO_SOURCE_DIR;
    driver::SetPolicyPath({root + "/policies"});
    std::ostringstream diagnostics;
    policy = driver::Compile(root + "/bench/reference/wengang.prv", diagnostics);
    if (!policy) {
      error = diagnostics.str();
      return;
    }
    jit = driver::NativeOrReport(policy->module);
    index = driver::FindProvision(policy->module, "wengang-bench.job_retention_refund");
    Lay();
    char dir[] = "/tmp/provisio-bench.XXXXXX";
    folder = mkdtemp(dir);
    WriteJsonl();
    std::string command = fmt::format("{} build {}/bench/reference/wengang.prv --policy-path {}/policies -o {} > /dev/null",
                                      PROVISIO_BINARY, root, root, folder);
    void* module = std::system(command.c_str()) == 0
                       ? dlopen((folder + "/libwengang-bench.so").c_str(), RTLD_NOW | RTLD_LOCAL)
                       : nullptr;
    if (module != nullptr) {
      built = reinterpret_cast<codegen::ProvisionFn>(dlsym(module, codegen::SymbolName(policy->module, index).c_str()));
      batch = reinterpret_cast<decltype(batch)>(dlsym(module, codegen::BatchSymbolName(policy->module, index).c_str()));
    }
    if (built == nullptr || batch == nullptr) error = "cannot build or load the module";
    Pack();
  }
  ~Reference() {
    std::error_code ec;
    if (!folder.empty()) std::filesystem::remove_all(folder, ec);
  }

  // Each record in the ABI's layout, as an embedder fills it.
  void Lay() {
    const auto& m = policy->module;
    slots = m.slots.size();
    auto slot = [&](const char* name) {
      for (size_t i = 0; i < m.slots.size(); ++i)
        if (m.slots[i].name == name) return static_cast<int64_t>(i);
      return int64_t{-1};
    };
    auto word = [&](const char* fact, const char* w) {
      const auto& words = m.schema.enums[m.slots[slot(fact)].type.enum_id].words;
      return static_cast<int64_t>(std::find(words.begin(), words.end(), w) - words.begin());
    };
    int64_t date = 0, large = word("enterprise.size", "large"), small = word("enterprise.size", "small");
    prv_date_from_ymd(2023, 6, 1, &date);
    values.assign(2 * slots * records.size(), 1);
    present.assign(slots * records.size(), 0);
    for (size_t r = 0; r < records.size(); ++r) {
      const Applicant& a = records[r];
      auto set = [&](const char* fact, int64_t v) {
        int64_t s = slot(fact);
        values[2 * (r * slots + s)] = v;
        present[r * slots + s] = 1;
      };
      set("application.date", date);
      set("enterprise.size", a.large ? large : small);
      set("enterprise.avg_monthly_insured_prior_year", a.headcount);
      set("enterprise.layoffs_prior_year", a.layoffs);
      set("enterprise.ui_premium_paid_prior_year", a.premium_fen);
      set("enterprise.seriously_dishonest", a.dishonest);
      set("enterprise.env_noncompliant", a.env);
    }
  }

  // The same records in the batch entry's compact layout (what the generated header's struct holds).
  void Pack() {
    layout = codegen::Compact(policy->module, policy->module.provisions[index]);
    compact.resize(layout.facts_size * records.size());
    std::vector<prv_list> lists(policy->module.schema.lists.size(), prv_list{nullptr, nullptr, -1});
    for (size_t r = 0; r < records.size(); ++r) {
      prv_record rec{&values[2 * r * slots], &present[r * slots], lists.data(), static_cast<int64_t>(lists.size())};
      layout.Pack(rec, &compact[r * layout.facts_size]);
    }
  }

  int64_t BatchRun(size_t* eligible) {
    answers.resize(layout.answer_size * records.size());  // once: the embedder's own buffer
    if (batch(compact.data(), answers.data(), static_cast<int64_t>(records.size())) != 0) return -1;
    const auto& amount = layout.outputs[0];
    int64_t sum = 0;
    size_t n = 0;
    for (size_t r = 0; r < records.size(); ++r) {
      const uint8_t* a = &answers[r * layout.answer_size];
      if (a[0] != PRV_ELIGIBLE) continue;
      int64_t fen;
      std::memcpy(&fen, a + amount.offset, 8);
      sum += fen;
      ++n;
    }
    *eligible = n;
    return sum;
  }

  // The same records as `provisio eval` reads them.
  void WriteJsonl() {
    std::ofstream out(folder + "/records.jsonl");
    for (const auto& a : records) out << ReferenceJson(a) << "\n";
  }

  int64_t KernelRun(codegen::ProvisionFn fn, bool grounds, size_t* eligible) const {
    const auto& prov = policy->module.provisions[index];
    std::vector<int64_t> outputs(2 * prov.outputs.size());
    std::vector<uint8_t> output_present(prov.outputs.size()), states(prov.rules.size());
    std::vector<prv_list> lists(policy->module.schema.lists.size(), prv_list{nullptr, nullptr, -1});
    int64_t sum = 0;
    size_t n = 0;
    for (size_t r = 0; r < records.size(); ++r) {
      prv_record rec{&values[2 * r * slots], &present[r * slots], lists.data(), static_cast<int64_t>(lists.size())};
      prv_result res{};
      res.outputs = outputs.data();
      res.output_present = output_present.data();
      res.rule_state = grounds ? states.data() : nullptr;
      int32_t status = codegen::CallNative(fn, &rec, &res);
      if (status == PRV_ERROR) return -1;
      if (status == PRV_ELIGIBLE) {
        sum += outputs[0];
        ++n;
      }
    }
    *eligible = n;
    return sum;
  }
};

Reference& Data() {
  static Reference r;
  return r;
}

bool Exact(benchmark::State& state, const char* path, int64_t fen, size_t eligible) {
  if (fen == kExpectedFen && eligible == kExpectedEligible) return true;
  state.SkipWithError(fmt::format("{}: {} eligible, {} fen, not the reference's", path, eligible, fen).c_str());
  return false;
}

// Kernels, one call per record, each lap after the plain rule's lap.
void BM_ReferenceKernel(benchmark::State& state, bool grounds) {
  auto& d = Data();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  double plain = 0, jit = 0, module = 0, batch = 0;
  for (auto _ : state) {
    size_t eligible = 0;
    auto t = Clock::now();
    int64_t fen = PlainRun(d.records, d.refunds.data(), &eligible);
    plain += Seconds(t);
    if (!Exact(state, "plain C++", fen, eligible)) return;
    t = Clock::now();
    fen = d.KernelRun(d.jit->Lookup(d.index), grounds, &eligible);
    jit += Seconds(t);
    if (!Exact(state, "JIT kernel", fen, eligible)) return;
    t = Clock::now();
    fen = d.KernelRun(d.built, grounds, &eligible);
    module += Seconds(t);
    if (!Exact(state, "module kernel", fen, eligible)) return;
    if (grounds) continue;  // the batch decides only
    t = Clock::now();
    fen = d.BatchRun(&eligible);
    batch += Seconds(t);
    if (!Exact(state, "module batch", fen, eligible)) return;
  }
  double laps = static_cast<double>(state.iterations()) * kRecords / 1e6;
  state.counters["plain_Mrec_s"] = laps / plain;
  state.counters["jit_Mrec_s"] = laps / jit;
  state.counters["module_Mrec_s"] = laps / module;
  state.counters["module_vs_plain"] = plain / module;
  if (grounds) return;
  state.counters["batch_Mrec_s"] = laps / batch;
  state.counters["batch_vs_plain"] = plain / batch;
}
BENCHMARK_CAPTURE(BM_ReferenceKernel, decision_only, false)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK_CAPTURE(BM_ReferenceKernel, all_grounds, true)->Unit(benchmark::kMillisecond)->MinTime(2);

// The same kernels on the first 8,192 records again and again: in cache
// (under 1 MB, answers included), what the loop computes is measured apart
// from how many bytes a record takes to fetch (plain C++ reads 24 and
// writes 8 per record; the compact layout reads 56 and writes 48 here).
void BM_ReferenceKernelInCache(benchmark::State& state) {
  auto& d = Data();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  constexpr size_t kFew = 8192;
  std::vector<Applicant> few(d.records.begin(), d.records.begin() + kFew);
  std::vector<int64_t> refunds(kFew);
  std::vector<uint8_t> answers(kFew * d.layout.answer_size);
  const auto& amount = d.layout.outputs[0];
  double plain = 0, batch = 0;
  int64_t laps = 0;
  for (auto _ : state) {
    for (int lap = 0; lap < 100; ++lap, ++laps) {
      size_t eligible = 0;
      auto t = Clock::now();
      int64_t expected = PlainRun(few, refunds.data(), &eligible);
      plain += Seconds(t);
      t = Clock::now();
      if (d.batch(d.compact.data(), answers.data(), kFew) != 0) return state.SkipWithError("the batch failed a record");
      batch += Seconds(t);
      int64_t fen = 0;
      for (size_t r = 0; r < kFew; ++r) {
        const uint8_t* a = &answers[r * d.layout.answer_size];
        int64_t v = 0;
        if (a[0] == PRV_ELIGIBLE) std::memcpy(&v, a + amount.offset, 8);
        fen += v;
      }
      if (fen != expected) return state.SkipWithError("the batch's total is not the plain rule's");
    }
  }
  double records = static_cast<double>(laps) * kFew / 1e6;
  state.counters["plain_Mrec_s"] = records / plain;
  state.counters["batch_Mrec_s"] = records / batch;
  state.counters["batch_vs_plain"] = plain / batch;
}
BENCHMARK(BM_ReferenceKernelInCache)->Unit(benchmark::kMillisecond)->MinTime(2);

// The command line on the same records: `eval` writes one line per record,
// `summary` one total; each run's result is checked against the reference.
void BM_ReferenceCommand(benchmark::State& state, const char* command, int jobs) {
  auto& d = Data();
  if (!d.error.empty()) return state.SkipWithError(d.error.c_str());
  std::string root = PROVISIO_SOURCE_DIR, out = d.folder + "/out.jsonl";
  std::string line = fmt::format(
      "{} {} {}/bench/reference/wengang.prv --policy-path {}/policies --facts {}/records.jsonl{} > {}", PROVISIO_BINARY,
      command, root, root, d.folder,
      std::string(command) == "eval" ? fmt::format(" --provision wengang-bench.job_retention_refund --jobs {}", jobs) : "",
      out);
  double plain = 0, run = 0;
  for (auto _ : state) {
    size_t eligible = 0;
    auto t = Clock::now();
    int64_t fen = PlainRun(d.records, d.refunds.data(), &eligible);
    plain += Seconds(t);
    t = Clock::now();
    if (std::system(line.c_str()) != 0) return state.SkipWithError(("failed: " + line).c_str());
    run += Seconds(t);
    // The answer, read back: eval's amounts line by line, summary's total.
    std::ifstream in(out);
    std::string text;
    fen = 0;
    eligible = 0;
    while (std::getline(in, text)) {
      size_t at = text.find(std::string(command) == "eval" ? "\"amount\":" : "job_retention_refund");
      if (at == std::string::npos) continue;
      if (std::string(command) == "eval") {
        if (text.find("\"eligible\":true") == std::string::npos) continue;
        ++eligible;
        std::string yuan = text.substr(at + 9, text.find_first_of(",}", at) - at - 9);
        fen += std::stoll(yuan.substr(0, yuan.size() - 3)) * 100 + std::stoll(yuan.substr(yuan.size() - 2));
      } else {
        std::istringstream fields(text.substr(at + 20));
        std::string records, yes, errors, total;
        fields >> records >> yes >> errors >> total;
        eligible = std::stoul(yes);
        fen = std::stoll(total.substr(0, total.size() - 3)) * 100 + std::stoll(total.substr(total.size() - 2));
      }
    }
    if (!Exact(state, command, fen, eligible)) return;
  }
  double laps = static_cast<double>(state.iterations()) * kRecords / 1e6;
  state.counters["plain_Mrec_s"] = laps / plain;
  state.counters["Mrec_s"] = laps / run;
  state.counters["MB_s"] = static_cast<double>(state.iterations()) *
                           static_cast<double>(std::filesystem::file_size(d.folder + "/records.jsonl")) / 1e6 / run;
}
BENCHMARK_CAPTURE(BM_ReferenceCommand, eval_jobs1, "eval", 1)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_ReferenceCommand, eval_jobs2, "eval", 2)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_ReferenceCommand, summary, "summary", 1)->Unit(benchmark::kMillisecond)->Iterations(3);
}  // namespace
