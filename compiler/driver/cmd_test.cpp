// `provisio test POLICY CASES…`: golden cases through the compiled code.
// A case file (JSON) names a provision, base facts, and cases that
// override the base field by field and expect outputs or an error.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <iostream>
#include <map>
#include <set>

#include "driver/commands.h"
#include "driver/report.h"
#include "driver/writer.h"
#include "driver/compile.h"
#include "eval/evaluator.h"
#include "driver/json.h"
#include "driver/mutation.h"
#include "eval/render.h"
#include "ir/print.h"
#include "source/json_writer.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {

// A case as it ran, kept to run again against the mutants.
struct LoadedCase {
  int provision;
  std::string facts;
  const Json* json;  // into the suites, kept for the whole run
  std::string file, name;
};

struct CaseResult {
  std::string file, name, article, provision;
  bool passed = false;
  double seconds = 0;
  std::vector<std::string> differences;
  std::string decided;  // how each condition came out, for a failing case
};

// Why a suite is malformed: the first problem found; the run stops there.
struct Problem {
  std::string message;
  bool Set(std::string m) {  // always false, so that `return problem.Set(…)` stops the caller
    if (message.empty()) message = std::move(m);
    return false;
  }
};

// The expected value in the form the CLI prints it, for an output of
// `type`, or nothing when it cannot be one.
std::optional<std::string> Normalize(const Json& expected, ir::Type type) {
  std::string text = expected.kind == Json::Kind::String || expected.kind == Json::Kind::Number ? expected.text : "";
  char buf[64];
  switch (type.kind) {
    case ir::TypeKind::Money: {
      int64_t fen;
      if (prv_money_parse(text.data(), static_cast<int64_t>(text.size()), &fen) != PRV_OK) return std::nullopt;
      return std::string(buf, prv_money_format(fen, buf));
    }
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: {
      bool percent = !text.empty() && text.back() == '%';
      if (percent) text.pop_back();
      prv_ratio r;
      if (prv_ratio_parse(text.data(), static_cast<int64_t>(text.size()), percent, &r) != PRV_OK) return std::nullopt;
      return std::string(buf, prv_ratio_format(r.num, r.den, buf));
    }
    case ir::TypeKind::Int:
      if (expected.kind != Json::Kind::Number) return std::nullopt;
      return expected.text;
    case ir::TypeKind::Bool:
      if (expected.kind != Json::Kind::Bool) return std::nullopt;
      return expected.Dump();
    default:
      if (expected.kind != Json::Kind::String) return std::nullopt;
      return JsonString(expected.text);
  }
}
const char* Wanted(ir::TypeKind kind) {
  switch (kind) {
    case ir::TypeKind::Money: return "money";
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: return "a number";
    case ir::TypeKind::Int: return "an int";
    case ir::TypeKind::Bool: return "true or false";
    default: return "a string";
  }
}

std::vector<std::string> CaseFiles(const std::vector<std::string>& paths, Problem& problem) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::string> found;
      // increment(ec), not ++: an unreadable subfolder is a problem said, not an exception.
      for (std::filesystem::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && it->path().extension() == ".json") found.push_back(it->path().string());
      if (found.empty()) {
        problem.Set(fmt::format("{}: the folder holds no case files (*.json)", p));
        return {};
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(p);
    }
  }
  return files;
}

// Text fit for XML 1.0: markup escaped, and what XML cannot hold at all
// (control characters, U+FFFE/U+FFFF) shown as \uXXXX; ill-formed UTF-8 as U+FFFD.
std::string XmlEscape(std::string_view s) {
  bool ok = true;
  std::string out;
  for (char32_t c : source::DecodeUtf8(s, ok)) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\t': out += "&#9;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c < 0x20 || c == 0x7F || c == 0xFFFE || c == 0xFFFF) out += fmt::format("\\u{:04X}", static_cast<uint32_t>(c));
        else out += source::EncodeUtf8(std::u32string_view(&c, 1));
    }
  }
  return out;
}

// JUnit XML in the common junit-4 schema; a malformed suite is one <error>.
// False when the file cannot be written.
bool WriteJUnit(const std::string& path, const std::string& suite, const std::vector<CaseResult>& results,
                const std::string& malformed, std::string& error) {
  std::ostringstream out;
  size_t failures = std::count_if(results.begin(), results.end(), [](const CaseResult& r) { return !r.passed; });
  size_t errors = malformed.empty() ? 0 : 1;
  double total = 0;
  for (const auto& r : results) total += r.seconds;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  std::string counts = fmt::format("tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.6f}\"",
                                   results.size() + errors, failures, errors, total);
  out << fmt::format("<testsuites name=\"provisio\" {}>\n<testsuite name=\"{}\" {}>\n", counts, XmlEscape(suite), counts);
  for (const auto& r : results) {
    out << fmt::format("  <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\"", XmlEscape(r.provision),
                       XmlEscape(r.name), r.seconds);
    if (r.passed) {
      out << "/>\n";
      continue;
    }
    std::string message;
    for (const auto& d : r.differences) message += d + "; ";
    out << fmt::format(">\n    <failure message=\"{}\" type=\"mismatch\">{}{}</failure>\n  </testcase>\n",
                       XmlEscape(message), XmlEscape(r.file + " [" + r.article + "]"), XmlEscape(r.decided));
  }
  if (errors)
    out << fmt::format("  <testcase classname=\"{}\" name=\"malformed suite\" time=\"0\">\n"
                       "    <error message=\"{}\" type=\"malformed\"/>\n  </testcase>\n",
                       XmlEscape(suite), XmlEscape(malformed));
  out << "</testsuite>\n</testsuites>\n";
  return WriteFile(path, out.str(), error);
}

// Rule coverage: a condition counts twice (made true, made false); a band,
// an arm or an exception once (landed in, fired). Figures come from counts,
// so reformatting a policy does not change them.
struct CoverageTally {
  int64_t covered = 0, total = 0;
  std::string Percent() const {
    if (total == 0) return "100.0%";
    int64_t tenths = (covered * 1000) / total;
    return fmt::format("{}.{}%", tenths / 10, tenths % 10);
  }
};

// Provisions no case ran are listed but left out of the overall figure.
// Returns the overall percentage in tenths.
int64_t ReportCoverage(const CompiledPolicy& policy, const std::vector<uint64_t>& counters,
                       const std::vector<bool>& exercised) {
  const auto& m = policy.module;
  CoverageTally overall;
  std::cout << "rule coverage:\n";
  for (size_t p = 0; p < m.provisions.size(); ++p) {
    if (!exercised[p]) {
      std::cout << fmt::format("  {:<50} no case\n", m.provisions[p].id);
      continue;
    }
    CoverageTally tally;
    std::vector<std::string> missed;
    for (size_t i = 0; i < m.coverage.size(); ++i) {
      const auto& point = m.coverage[i];
      if (point.provision != static_cast<int32_t>(p)) continue;
      uint64_t no = counters[2 * i], yes = counters[2 * i + 1];
      std::string where = Location(policy.sources, point.span);
      std::string text = OneLine(point.text);
      using K = ir::CoveragePoint::Kind;
      if (point.kind == K::Condition) {
        tally.total += 2;
        tally.covered += (yes > 0) + (no > 0);
        if (yes == 0) missed.push_back(fmt::format("{}: condition never true: {}", where, text));
        if (no == 0) missed.push_back(fmt::format("{}: condition never false: {}", where, text));
      } else {
        tally.total += 1;
        tally.covered += yes > 0;
        const char* what = point.kind == K::Band        ? "tier band never landed in"
                           : point.kind == K::Arm       ? "case never chosen"
                           : point.kind == K::Dated     ? "dated value never in force"
                                                        : "exception never fired";
        if (yes == 0) missed.push_back(fmt::format("{}: {}: {}", where, what, text));
      }
    }
    overall.covered += tally.covered;
    overall.total += tally.total;
    std::cout << fmt::format("  {:<50} {:>6}  ({}/{})\n", m.provisions[p].id, tally.Percent(), tally.covered, tally.total);
    for (const auto& line : missed) std::cout << "    " << line << "\n";
  }
  std::cout << fmt::format("  {:<50} {:>6}  ({}/{})\n", "overall", overall.Percent(), overall.covered, overall.total);
  return overall.total == 0 ? 1000 : overall.covered * 1000 / overall.total;
}

// Rule coverage for dashboards: per provision its figure, per point whether
// each outcome was seen, with its place.
std::string CoverageJson(const CompiledPolicy& policy, const std::vector<uint64_t>& counters,
                         const std::vector<bool>& exercised) {
  const auto& m = policy.module;
  std::string text;
  source::JsonWriter json(text);
  CoverageTally overall;
  json.BeginObject().Key("policy").String(m.policy_id).Key("provisions").BeginArray();
  for (size_t p = 0; p < m.provisions.size(); ++p) {
    CoverageTally tally;
    json.BeginObject().Key("provision").String(m.provisions[p].id).Key("exercised").Bool(exercised[p]);
    json.Key("points").BeginArray();
    for (size_t i = 0; i < m.coverage.size(); ++i) {
      const auto& point = m.coverage[i];
      if (point.provision != static_cast<int32_t>(p)) continue;
      bool no = counters[2 * i] > 0, yes = counters[2 * i + 1] > 0;
      bool condition = point.kind == ir::CoveragePoint::Kind::Condition;
      json.BeginObject().Key("kind").String(ir::KindWord(point.kind));
      json.Key("at").String(Location(policy.sources, point.span)).Key("text").String(OneLine(point.text, 200));
      if (condition) json.Key("made_true").Bool(yes).Key("made_false").Bool(no);
      else json.Key("reached").Bool(yes);
      json.Key("covered").Bool(condition ? yes && no : yes).EndObject();
      tally.total += condition ? 2 : 1;
      tally.covered += condition ? yes + no : yes;
    }
    json.EndArray().Key("covered").Int(tally.covered).Key("total").Int(tally.total).EndObject();
    if (exercised[p]) overall.covered += tally.covered, overall.total += tally.total;
  }
  json.EndArray().Key("covered").Int(overall.covered).Key("total").Int(overall.total);
  json.Key("percent").String(overall.Percent()).EndObject();
  return text + "\n";
}

// How each condition of the last evaluation came out, from the states the
// compiled code left: every ground of a refusal, in order.
std::string Conditions(const ir::Provision& prov, const Evaluator& evaluator) {
  std::string out;
  const auto& states = evaluator.rule_states();
  for (size_t i = 0; i < prov.rules.size(); ++i) {
    const char* mark = "-";
    const char* note = " (not evaluated)";
    switch (static_cast<ir::RuleState>(states[i])) {
      case ir::RuleState::Met: mark = "✓", note = ""; break;
      case ir::RuleState::Failed: mark = "✗", note = ""; break;
      case ir::RuleState::NotAssessed: mark = "?", note = " (not assessed: an earlier condition failed)"; break;
      case ir::RuleState::Unseen: break;
    }
    out += fmt::format("\n       {} {} [{}]{}", mark, prov.rules[i].reason, prov.rules[i].cite, note);
  }
  return out;
}

// What differs between a case's expectations and the outcome, per output.
// Sets `problem` (and returns nothing) when the case itself is malformed.
std::vector<std::string> Differences(const Json& c, const Outcome& out, const ir::Provision& prov,
                                     const std::string& file, const std::string& name, Problem& problem) {
  std::vector<std::string> diffs;
  if (const Json* want_error = c.Find("expect_error")) {
    if (want_error->kind != Json::Kind::String || want_error->text.empty())
      return problem.Set(fmt::format("{}: case {}: expect_error must be a non-empty part of the error's text", file, name)), diffs;
    if (out.ok) diffs.push_back(fmt::format("expected an error naming `{}`, got {}", want_error->text, out.Json()));
    else if (out.error.find(want_error->text) == std::string::npos)
      diffs.push_back(fmt::format("expected an error naming `{}`, got: {}", want_error->text, out.error));
    return diffs;
  }
  const Json* expect = c.Find("expect");
  if (!expect) return problem.Set(fmt::format("{}: case {}: give \"expect\" or \"expect_error\"", file, name)), diffs;
  // A case must name outputs the provision has: a typo is an error, never a skip.
  for (const auto& key : expect->keys) {
    bool known = key == "eligible" || key == "reason" || key == "reasons";
    for (const auto& o : prov.outputs) known = known || o.name == key;
    if (!known) return problem.Set(fmt::format("{}: case {}: provision {} has no output `{}`", file, name, prov.id, key)), diffs;
  }
  if (!out.ok) return {"unexpected error: " + out.error};
  for (size_t k = 0; k < expect->keys.size(); ++k) {
    const std::string& key = expect->keys[k];
    const Json& want = expect->values[k];
    if (key == "eligible") {
      if (want.kind != Json::Kind::Bool)
        return problem.Set(fmt::format("{}: case {}: eligible must be true or false", file, name)), diffs;
      if (want.boolean != out.eligible) diffs.push_back(fmt::format("eligible: expected {}, got {}", want.Dump(), out.eligible));
      continue;
    }
    if (key == "reasons") {
      // Every ground, in order: each expected text names one reason.
      if (want.kind != Json::Kind::Array)
        return problem.Set(fmt::format("{}: case {}: reasons must be a list of texts, one per ground", file, name)), diffs;
      bool same = want.items.size() == out.reasons.size();
      for (size_t i = 0; same && i < want.items.size(); ++i)
        same = want.items[i].kind == Json::Kind::String && out.reasons[i].find(want.items[i].text) != std::string::npos;
      if (!same) {
        std::string got;
        for (const auto& s : out.reasons) got += (got.empty() ? "" : " | ") + s;
        diffs.push_back(fmt::format("reasons: expected {} naming {}, got {} [{}]", want.items.size(), want.Dump(),
                                    out.reasons.size(), got));
      }
      continue;
    }
    if (key == "reason") {
      std::string all;
      for (const auto& s : out.reasons) all += s;
      if (all.find(want.text) == std::string::npos)
        diffs.push_back(fmt::format("reason: expected one naming `{}`, got [{}]", want.text, all));
      continue;
    }
    const ir::Output* output = nullptr;
    for (const auto& o : prov.outputs)
      if (o.name == key) output = &o;  // there is one: checked above
    auto expected = Normalize(want, output->type);
    if (!expected)
      return problem.Set(fmt::format("{}: case {}: output {}: {} expected, found {}", file, name, key,
                                     Wanted(output->type.kind), want.Dump())),
             diffs;
    std::string actual = "(absent)";
    for (const auto& [output_name, value] : out.outputs)
      if (output_name == key) actual = value;
    if (actual != *expected) diffs.push_back(fmt::format("{}: expected {}, got {}", key, *expected, actual));
  }
  return diffs;
}

}  // namespace

int RunTest(const TestOptions& options) {
  auto policy = Compile(options.policy, std::cerr);
  if (!policy) return 2;
  std::string error;
  bool coverage = options.coverage || options.coverage_min.has_value() || !options.coverage_json.empty();
  // Always with counters: a failing case is explained by its conditions' outcomes.
  auto jit = NativeOrReport(policy->module, /*coverage=*/true);
  if (!jit) return 2;
  std::vector<uint64_t> counters(2 * policy->module.coverage.size());
  std::vector<bool> exercised(policy->module.provisions.size());
  std::map<int, std::unique_ptr<Evaluator>> evaluators;
  std::vector<CaseResult> results;
  std::set<std::pair<std::string, std::string>> names;  // provision, case name: each once
  std::vector<std::unique_ptr<Json>> suites;
  std::vector<LoadedCase> loaded;
  Problem problem;
  // Runs every case; false (with `problem` set) when the suite is malformed.
  auto run = [&]() -> bool {
    for (const auto& file : CaseFiles(options.cases, problem)) {
      std::string text;
      if (!source::ReadFile(file, text)) return problem.Set(fmt::format("{}: cannot read the file", file));
      auto parsed = ParseJson(text, error);
      if (!parsed || parsed->kind != Json::Kind::Object)
        return problem.Set(fmt::format("{}: {}", file, parsed ? "expected an object" : error));
      const Json* suite = suites.emplace_back(std::make_unique<Json>(std::move(*parsed))).get();
      const Json* cases = suite->Find("cases");
      if (!cases || cases->kind != Json::Kind::Array) return problem.Set(file + ": no \"cases\" list");
      Json base;
      base.kind = Json::Kind::Object;
      if (const Json* b = suite->Find("base")) base = *b;
      std::string default_provision = suite->Find("provision") ? suite->Find("provision")->text : "";
      for (const auto& c : cases->items) {
        CaseResult r;
        r.file = file;
        r.name = c.Find("name") ? c.Find("name")->text : "";
        if (r.name.empty()) return problem.Set(file + ": a case has no \"name\"");
        if (!options.filter.empty() && r.name.find(options.filter) == std::string::npos) continue;
        r.article = c.Find("article") ? c.Find("article")->text : "";
        r.provision = c.Find("provision") ? c.Find("provision")->text : default_provision;
        int index = FindProvision(policy->module, r.provision);
        if (index < 0) return problem.Set(fmt::format("{}: case {}: no provision `{}`", file, r.name, r.provision));
        const auto& prov = policy->module.provisions[index];
        if (!names.emplace(prov.id, r.name).second)
          return problem.Set(fmt::format("{}: case {}: a second case of {} with this name", file, r.name, prov.id));
        exercised[index] = true;
        auto& evaluator = evaluators[index];
        if (!evaluator) {
          // Strict: a misspelt key in a case or its base must not run silently on the base value.
          evaluator = std::make_unique<Evaluator>(*policy, *jit, index, std::nullopt, /*strict=*/true);
          if (coverage) evaluator->CollectCoverage(counters.data());
        }
        Json facts = c.Find("facts") ? Json::Merge(base, *c.Find("facts")) : base;
        loaded.push_back({index, facts.Dump(), &c, file, r.name});
        auto start = std::chrono::steady_clock::now();
        Outcome out = evaluator->Evaluate(loaded.back().facts);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (out.unknown_key)
          return problem.Set(fmt::format("{}: case {} (or the suite's base): {}", file, r.name, out.error));
        r.differences = Differences(c, out, prov, file, r.name, problem);
        if (!problem.message.empty()) return false;
        r.passed = r.differences.empty();
        if (!r.passed && out.ok)
          r.decided = Conditions(prov, *evaluator);
        results.push_back(std::move(r));
      }
    }
    if (!problem.message.empty()) return false;
    if (results.empty())
      return problem.Set(options.filter.empty() ? "no cases to run"
                                                : fmt::format("--filter `{}` matches no case", options.filter));
    return true;
  };
  run();
  const std::string& malformed = problem.message;
  size_t failed = std::count_if(results.begin(), results.end(), [](const CaseResult& r) { return !r.passed; });
  // Mutants of a suite that passes: each told apart by some case of its provision, or surviving.
  bool mutants = options.mutants || options.mutants_min.has_value() || !options.mutants_json.empty();
  std::optional<MutationRun> mutation;
  if (mutants && malformed.empty() && failed == 0) {
    mutation = RunMutants(*policy, exercised, options.jobs, [&](int provision, Evaluator& evaluator) {
      for (const auto& c : loaded) {
        if (c.provision != provision) continue;
        Problem ignored;
        if (!Differences(*c.json, evaluator.Evaluate(c.facts), policy->module.provisions[provision], c.file, c.name, ignored).empty())
          return true;
      }
      return false;
    });
    // For each survivor, the first case that reached the code it changes (its outcome unchanged).
    for (size_t i = 0; i < mutation->mutants.size(); ++i) {
      const auto& mu = mutation->mutants[i];
      if (mutation->fates[i] != MutationRun::Fate::Survived) continue;
      std::vector<int32_t> points = PointsAround(policy->module, mu);
      for (const auto& c : loaded) {
        if (c.provision != mu.provision || points.empty()) continue;
        std::vector<uint64_t> reached(2 * policy->module.coverage.size());
        Evaluator probe(*policy, *jit, mu.provision, std::nullopt, true);
        probe.CollectCoverage(reached.data());
        probe.Evaluate(c.facts);
        if (std::any_of(points.begin(), points.end(), [&](int32_t k) { return reached[2 * k] + reached[2 * k + 1] > 0; })) {
          mutation->nearest[i] = fmt::format("{} reaches it, its outcome unchanged", c.name);
          break;
        }
      }
      // A window's edge moved: the case whose event date lies nearest to the edge.
      const auto& prov = policy->module.provisions[mu.provision];
      const auto* event = std::get_if<ir::FactLoad>(&prov.event->node);
      if ((mu.window_from || mu.window_to) && event) {
        int64_t edge = mu.window_from ? prov.window_from : prov.window_to.value_or(0), best = INT64_MAX;
        const std::string& fact = policy->module.slots[event->slot].name;
        for (const auto& c : loaded) {
          std::string ignored;
          auto facts = c.provision == mu.provision ? ParseJson(c.facts, ignored) : std::nullopt;
          const Json* group = facts ? facts->Find(fact.substr(0, fact.find('.'))) : nullptr;
          const Json* date = group ? group->Find(fact.substr(fact.find('.') + 1)) : nullptr;
          int64_t day = 0;
          if (!date || date->kind != Json::Kind::String ||
              prv_date_parse(date->text.data(), static_cast<int64_t>(date->text.size()), &day) != PRV_OK)
            continue;
          if (std::llabs(day - edge) < best) {
            best = std::llabs(day - edge);
            mutation->nearest[i] = fmt::format("{} ({} {}, {} days from the edge)", c.name, fact, date->text, best);
          }
        }
      }
      if (mutation->nearest[i].empty() && !points.empty()) mutation->nearest[i] = "no case reaches it";
    }
    CaseResult r;
    r.provision = policy->module.policy_id;
    r.name = "mutants";
    r.seconds = mutation->seconds;
    for (size_t i = 0; i < mutation->mutants.size(); ++i)
      if (mutation->fates[i] == MutationRun::Fate::Survived)
        r.differences.push_back(fmt::format("survived {}: {} ({})", Location(policy->sources, mutation->mutants[i].span),
                                            mutation->mutants[i].change, policy->module.provisions[mutation->mutants[i].provision].id));
    r.passed = r.differences.empty();
    results.push_back(std::move(r));
  }
  // CI reads the JUnit file: it is written whatever happened, a malformed suite as an <error>.
  if (!options.junit.empty() && !WriteJUnit(options.junit, policy->module.policy_id, results, malformed, error)) {
    Report(diag::Kind::JUnitUnwritable, options.junit, error);
    return 3;
  }
  if (!malformed.empty()) {
    Report(diag::Kind::MalformedSuite, malformed);
    return 2;
  }
  for (const auto& r : results) {
    if (r.passed || r.name == "mutants") continue;
    std::string diffs;
    for (const auto& d : r.differences) diffs += (diffs.empty() ? "" : "; ") + d;
    std::cout << fmt::format("FAIL {} [{}] ({}): {}\n", r.name, r.article, r.file, diffs);
    if (!r.decided.empty()) std::cout << fmt::format("     conditions:{}\n", r.decided);
  }
  int status = failed > 0 ? 1 : 0;
  if (coverage) {
    int64_t tenths = ReportCoverage(*policy, counters, exercised);
    if (!options.coverage_json.empty() &&
        !WriteFile(options.coverage_json, CoverageJson(*policy, counters, exercised), error)) {
      Report(diag::Kind::CoverageUnwritable, options.coverage_json, error);
      return 3;
    }
    if (options.coverage_min && tenths < *options.coverage_min * 10) {
      std::cout << fmt::format("rule coverage is below the required {}%\n", *options.coverage_min);
      status = 1;
    }
  }
  if (mutants && !mutation) std::cout << "mutants: not run, as the suite does not pass\n";
  if (mutation) {
    std::cout << MutationText(*mutation, *policy);
    if (!options.mutants_json.empty() && !WriteFile(options.mutants_json, MutationJson(*mutation, *policy), error)) {
      Report(diag::Kind::MutantsUnwritable, options.mutants_json, error);
      return 3;
    }
    if (options.mutants_min && mutation->ScoreTenths() < *options.mutants_min * 10) {
      std::cout << fmt::format("the mutation score is below the required {}%\n", *options.mutants_min);
      status = 1;
    }
  }
  size_t cases = results.size() - (mutation ? 1 : 0);
  std::cout << fmt::format("{} passed, {} failed\n", cases - failed, failed);
  return status;
}

}  // namespace provisio::driver
