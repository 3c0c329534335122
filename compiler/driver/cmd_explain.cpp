// `provisio explain`: the decision trace of one record — the window, every
// fact read with its value, every let with its value, each condition with
// the values of both sides of its comparison and its outcome, the tier band
// and case chosen, the exception that fired, the article of each, and the
// result eval gives. The values come from an instrumented build of the same
// IR (codegen::TraceLayout), never from a second evaluator.
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <set>
#include <unordered_map>

#include "codegen/codegen.h"
#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/records.h"
#include "driver/report.h"
#include "eval/evaluator.h"
#include "eval/render.h"
#include "ir/print.h"
#include "ir/walk.h"
#include "source/json_writer.h"

namespace provisio::driver {

using namespace provisio::eval;

namespace {
// The one record a trace is about; anything more is an error, not ignored.
bool ReadOneRecord(const std::string& path, FactsRecord& record) {
  std::string error;
  int fd = OpenFacts(path, error);
  RecordReader reader(fd);
  FactsRecord more;
  if (fd >= 0) {
    auto status = reader.Next(record);
    if (status == RecordReader::Status::End) error = "no facts: the input is empty";
    else if (status != RecordReader::Status::Record) error = reader.error().empty() ? "interrupted" : reader.error();
    else if (record.too_long) error = TooLongError();
    else if (reader.Next(more) != RecordReader::Status::End)
      error = fmt::format("explain traces one record; the input holds another at line {}", more.line);
    if (fd != STDIN_FILENO) ::close(fd);
  }
  if (error.empty()) return true;
  Report(diag::Kind::FactsUnreadable, error);
  return false;
}

const char* OpText(ir::Compare::Op op) {
  static const char* kOps[] = {"=", "≠", "<", "≤", ">", "≥"};
  return kOps[static_cast<int>(op)];
}

// One traced value for people and for JSON: the JSON value, and its text
// (a rate also as a percentage: 11/200 is 5.5%).
struct Shown {
  std::string json, text;
};

class Trace {
 public:
  Trace(const ir::Module& m, const Host& host, int index, const std::vector<int64_t>& words,
        const std::vector<uint64_t>& counters)
      : m_(m), host_(host), p_(m.provisions[index]), words_(words), counters_(counters) {
    // Each probe of the provision and the expression it wraps.
    std::vector<bool> entered(p_.lets.size());
    auto visit = [&](const ir::Expr& e) {
      if (const auto* probe = std::get_if<ir::Probe>(&e.node)) probes_[probe->point] = probe->x.get();
    };
    ir::VisitReading(p_, p_.event, entered, visit);
    for (const auto& r : p_.rules) ir::VisitReading(p_, r.cond, entered, visit);
    ir::VisitReading(p_, p_.grant, entered, visit);
    for (const auto& o : p_.outputs) ir::VisitReading(p_, o.value, entered, visit);
  }

  Shown Value(ir::Type type, int64_t a, int64_t b) const {
    std::string json = RenderValue(m_.schema, type, a, b, host_.strings());
    if (!type.IsRatio()) return {json, json};
    // A decimal that does not end is shown with its exact fraction too.
    int64_t d = b;
    while (d % 2 == 0) d /= 2;
    while (d % 5 == 0) d /= 5;
    std::string exact = d == 1 ? "" : fmt::format(" (= {}/{})", a, b);
    __int128 percent = static_cast<__int128>(a) * 100;
    if (type.kind != ir::TypeKind::Rate || percent > INT64_MAX || percent < INT64_MIN) return {json, json + exact};
    char buf[64];
    return {json, std::string(buf, prv_ratio_format(static_cast<int64_t>(percent), b, buf)) + "%" + exact};
  }

  bool Seen(int32_t point) const { return counters_[2 * point] + counters_[2 * point + 1] > 0; }
  bool Held(int32_t point) const { return counters_[2 * point + 1] > 0; }
  // The traced comparison of a point, when its values were recorded.
  // `direct`: the point is that comparison (else it is a condition desugared
  // from `in`, `within` or a band, and only its subject is shown).
  const ir::Compare* Compared(int32_t point, bool& direct) const {
    auto probe = probes_.find(point);
    const ir::Expr* node = probe == probes_.end() ? nullptr : ir::TracedCompare(*probe->second);
    direct = node && node == probe->second;
    if (!node || words_[codegen::TraceLayout::PointAt(point)] == 0) return nullptr;
    return std::get_if<ir::Compare>(&node->node);
  }
  std::pair<Shown, Shown> Sides(int32_t point, const ir::Compare& c) const {
    int64_t at = codegen::TraceLayout::PointAt(point);
    // A bound is shown as its subject is: a decimal key's band edge 18 is not 1800%.
    ir::Type right = c.l->type.IsRatio() && c.r->type.IsRatio() ? c.l->type : c.r->type;
    return {Value(c.l->type, words_[at + 1], words_[at + 2]), Value(right, words_[at + 3], words_[at + 4])};
  }
  std::optional<Shown> LetValue(size_t let) const {
    int64_t at = codegen::TraceLayout::LetAt(m_, static_cast<int32_t>(let));
    if (words_[at] == 0) return std::nullopt;
    return Value(p_.lets[let].type, words_[at + 1], words_[at + 2]);
  }

 private:
  const ir::Module& m_;
  const Host& host_;
  const ir::Provision& p_;
  const std::vector<int64_t>& words_;
  const std::vector<uint64_t>& counters_;
  std::unordered_map<int32_t, const ir::Expr*> probes_;
};

// The points of the provision that were evaluated, in source order, each once.
std::vector<int32_t> EvaluatedPoints(const ir::Module& m, const Trace& trace, int index) {
  std::vector<int32_t> points;
  for (size_t i = 0; i < m.coverage.size(); ++i)
    if (m.coverage[i].provision == index && trace.Seen(static_cast<int32_t>(i))) points.push_back(static_cast<int32_t>(i));
  std::stable_sort(points.begin(), points.end(), [&](int32_t a, int32_t b) {
    const auto &x = m.coverage[a].span, &y = m.coverage[b].span;
    return std::tie(x.file.index, x.begin, y.end) < std::tie(y.file.index, y.begin, x.end);
  });
  return points;
}
}  // namespace

int RunExplain(const EvalOptions& options) {
  auto policy = Compile(options.policy, std::cerr);
  if (!policy) return 1;
  const auto& m = policy->module;
  int index = ProvisionOrReport(m, options.provision, options.policy);
  if (index < 0) return 1;
  auto jit = NativeOrReport(m, /*coverage=*/true, index);
  if (!jit) return 1;
  FactsRecord facts;
  if (!ReadOneRecord(options.facts, facts)) return 2;
  const auto& p = m.provisions[index];
  Host host(*policy, {index}, options.as_of);
  Evaluator evaluator(host, *jit, index);
  std::vector<uint64_t> counters(2 * m.coverage.size());
  std::vector<int64_t> words(codegen::TraceLayout::Words(m, p));
  evaluator.CollectCoverage(counters.data());
  evaluator.CollectTrace(words.data());
  if (auto error = host.Load(facts.text)) {
    std::cout << fmt::format("{} {} — {}\n  error: {}\n", p.id, p.title, p.cite, error->message);
    return 2;
  }
  Outcome out = evaluator.EvaluateLoaded();
  Trace trace(m, host, index, words, counters);
  auto where = [&](source::Span span) { return Location(policy->sources, span); };
  auto window = fmt::format("{} .. {}", DateText(p.window_from), p.window_to ? DateText(*p.window_to) : "");
  const auto& record = host.record();

  if (options.json) {
    std::string text;
    source::JsonWriter json(text);
    json.BeginObject().Key("provision").String(p.id).Key("title").String(p.title).Key("article").String(p.cite);
    json.Key("at").String(where(p.span)).Key("window").String(window);
    json.Key("facts").BeginArray();
    for (int32_t slot : p.needed_slots) {
      json.BeginObject().Key("fact").String(m.slots[slot].name);
      if (record.present[slot])
        json.Key("value").Raw(trace.Value(m.slots[slot].type, record.values[2 * slot], record.values[2 * slot + 1]).json);
      else json.Key("value").Null();
      json.EndObject();
    }
    json.EndArray().Key("lets").BeginArray();
    for (size_t i = 0; i < p.lets.size(); ++i) {
      json.BeginObject().Key("name").String(p.lets[i].name).Key("at").String(where(p.lets[i].span));
      if (auto v = trace.LetValue(i)) json.Key("value").Raw(v->json);
      else json.Key("computed").Bool(false);
      json.EndObject();
    }
    json.EndArray().Key("conditions").BeginArray();
    const auto& states = evaluator.rule_states();
    for (size_t i = 0; i < p.rules.size(); ++i) {
      const auto& r = p.rules[i];
      json.BeginObject().Key("name").String(r.name).Key("article").String(r.cite).Key("reason").String(r.reason);
      json.Key("state").String(out.ok ? ir::StateWord(static_cast<ir::RuleState>(states[i])) : "error");
      json.Key("at").String(where(r.span)).EndObject();
    }
    json.EndArray().Key("points").BeginArray();
    for (int32_t point : EvaluatedPoints(m, trace, index)) {
      const auto& c = m.coverage[point];
      json.BeginObject().Key("kind").String(ir::KindWord(c.kind)).Key("text").String(OneLine(c.text, 200));
      json.Key("at").String(where(c.span)).Key("outcome").Bool(trace.Held(point));
      if (c.kind == ir::CoveragePoint::Kind::Exception) json.Key("article").String(c.cite.empty() ? p.cite : c.cite);
      if (c.kind == ir::CoveragePoint::Kind::Dated) json.Key("article").String(c.cite);
      bool direct = false;
      if (const auto* cmp = trace.Compared(point, direct)) {
        auto [l, r] = trace.Sides(point, *cmp);
        if (direct) json.Key("left").Raw(l.json).Key("op").String(OpText(cmp->op)).Key("right").Raw(r.json);
        else json.Key("subject").Raw(l.json);
      }
      json.EndObject();
    }
    json.EndArray().Key("result").Raw(out.Json()).EndObject();
    std::cout << text << "\n";
    return out.ok ? 0 : 2;
  }

  std::cout << fmt::format("{} {} — {} ({})\n", p.id, p.title, p.cite, where(p.span));
  std::cout << fmt::format("  effective {}\n", window);
  if (!p.needed_slots.empty()) {
    std::cout << "  facts:\n";
    for (int32_t slot : p.needed_slots) {
      std::cout << fmt::format("    {} = {}\n", m.slots[slot].name,
                               record.present[slot] ? trace.Value(m.slots[slot].type, record.values[2 * slot], record.values[2 * slot + 1]).text
                                    : "(absent)");
    }
  }
  bool any_let = false;
  for (size_t i = 0; i < p.lets.size(); ++i)
    if (auto v = trace.LetValue(i)) {
      if (!any_let) std::cout << "  lets:\n";
      any_let = true;
      std::cout << fmt::format("    {} = {}   [{}]\n", p.lets[i].name, v->text, where(p.lets[i].span));
    }
  if (!out.ok) {
    std::cout << "  error: " << out.error << "\n";
    return 2;
  }
  auto points = EvaluatedPoints(m, trace, index);
  if (!points.empty()) std::cout << "  trace:\n";
  std::set<std::string> shown;
  for (int32_t point : points) {
    const auto& c = m.coverage[point];
    bool held = trace.Held(point);
    std::string text = OneLine(c.text, 100), values;
    bool direct = false;
    if (const auto* cmp = trace.Compared(point, direct)) {
      auto [l, r] = trace.Sides(point, *cmp);
      values = direct ? fmt::format("   ({} {} {})", l.text, OpText(cmp->op), r.text) : fmt::format("   ({})", l.text);
    }
    std::string line;
    switch (c.kind) {
      case ir::CoveragePoint::Kind::Condition: line = fmt::format("    {} {}{}", held ? "✓" : "✗", text, values); break;
      case ir::CoveragePoint::Kind::Band:
        if (held) line = fmt::format("    → tier band {}{}", text, values);
        break;
      case ir::CoveragePoint::Kind::Arm:
        if (held) line = fmt::format("    → case {}", text);
        break;
      case ir::CoveragePoint::Kind::Dated:
        if (held) line = fmt::format("    → value in force: {} [{}]", text, c.cite.empty() ? "no citation" : c.cite);
        break;
      case ir::CoveragePoint::Kind::Exception:
        line = fmt::format("    {} exception when {} [{}]", held ? "→ applies:" : "does not apply:", text,
                           c.cite.empty() ? p.cite : c.cite);
        break;
    }
    if (!line.empty() && shown.insert(line).second) std::cout << line << "   [" << where(c.span) << "]\n";
  }
  if (!p.rules.empty()) std::cout << "  conditions:\n";
  const auto& states = evaluator.rule_states();
  for (size_t i = 0; i < p.rules.size(); ++i) {
    static const char* kMarks[] = {"-", "✓", "✗", "?"};
    const auto& r = p.rules[i];
    std::cout << fmt::format("    {} {}: {} [{}]{}\n", kMarks[states[i]], r.name, OneLine(r.reason, 100), r.cite,
                             static_cast<ir::RuleState>(states[i]) == ir::RuleState::NotAssessed
                                 ? " (not assessed: an earlier condition failed)"
                                 : "");
  }
  if (out.eligible) std::cout << "  eligible\n";
  else {
    std::cout << "  not eligible:\n";
    for (const auto& reason : out.reasons) std::cout << "    " << reason << "\n";
  }
  for (const auto& [name, value] : out.outputs) std::cout << fmt::format("  {} = {}\n", name, value);
  return 0;
}

}  // namespace provisio::driver
