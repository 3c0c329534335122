// Parameters that change over time: a series of dated values, each read on
// the provision's event date, and the amendments a later file makes to an
// inherited policy (more dated values of a param, a provision's new window).
#include <fmt/format.h>

#include <algorithm>

#include "ir/print.h"
#include "provisio/runtime.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using diag::Kind;
using ir::TypeKind;

// One value of a series, with the file its expression is read in.
struct Dated {
  source::Span span;
  std::optional<int64_t> from, to;  // no `from`: an undated value, in force until the first dated one
  const ast::Expr* value;           // null: a declared stretch with none
  std::string cite;
  int32_t file;
};
}  // namespace

ir::ExprPtr Checker::LowerParam(const ast::Param& p, int32_t file, ir::Type type, const Scope& scope) {
  std::vector<Dated> series;
  if (p.value) series.push_back({p.value->span, std::nullopt, std::nullopt, p.value.get(), p.cite, file});
  for (const auto& d : p.series) series.push_back({d.span, d.from, d.to, d.value.get(), d.cite, file});
  const std::string& policy = files_[file].header ? files_[file].header->id : "";
  if (file != 0)
    for (const auto& a : files_[0].amends)
      if (a.target.policy == policy && a.target.provision.text == p.name.text)
        for (const auto& d : a.series) series.push_back({d.span, d.from, d.to, d.value.get(), d.cite.empty() ? a.cite : d.cite, 0});
  auto lower_value = [&](const Dated& d) {
    Scope value_scope{scope.provision_id, {}, d.file, {}, scope.event, {}, {}, {}};
    return LowerAs(*d.value, type, value_scope);
  };
  if (series.size() == 1 && !series[0].from) return lower_value(series[0]);

  // In order, without overlaps or unexplained gaps: said once per parameter.
  if (checked_series_.insert({file, p.name.text}).second) {
    for (const auto& d : series)
      if (d.from && d.to && *d.to < *d.from) emitter_.Emit(d.span, Kind::WindowReversed, ir::DateText(*d.to), ir::DateText(*d.from));
    for (size_t i = 1; i < series.size(); ++i) {
      const Dated &prev = series[i - 1], &cur = series[i];
      std::string prev_from = prev.from ? ir::DateText(*prev.from) : "the start";
      if (!cur.from || (prev.from && *cur.from <= *prev.from)) {
        emitter_.Emit(cur.span, Kind::DatedOrder, cur.from ? ir::DateText(*cur.from) : "the start", prev_from)
            .Note(prev.span, "the earlier one");
      } else if (prev.to && *prev.to >= *cur.from) {
        emitter_.Emit(cur.span, Kind::DatedOverlap, ir::DateText(*cur.from), prev_from, ir::DateText(*prev.to))
            .Note(prev.span, "the earlier one");
      } else if (prev.to && *prev.to + 1 < *cur.from) {
        std::string a = ir::DateText(*prev.to + 1), b = ir::DateText(*cur.from - 1);
        emitter_.Emit(cur.span, Kind::DatedGap, p.name.text, a, b, a, b);
      }
    }
  }

  // A value without `to` is in force until the next one comes in.
  for (size_t i = 0; i + 1 < series.size(); ++i)
    if (!series[i].to && series[i + 1].from) series[i].to = *series[i + 1].from - 1;
  // `event >= from and event <= to` for each, else none: the stretches are disjoint.
  auto none = [&](source::Span span) { return WithSite(Make(span, type, ir::Fail{PRV_NOT_IN_FORCE}), scope, "param " + p.name.text); };
  auto date = [&](int64_t day, source::Span span) { return Make(span, T(TypeKind::Date), ir::Const{day, 1}); };
  ir::ExprPtr result = none(p.name.span);
  for (auto d = series.rbegin(); d != series.rend(); ++d) {
    ir::ExprPtr cond;
    auto both = [&](ir::ExprPtr c) {
      cond = cond ? Make(d->span, T(TypeKind::Bool), ir::Logic{ir::Logic::Op::And, cond, c, /*desugared=*/true}) : c;
    };
    if (d->from) both(Make(d->span, T(TypeKind::Bool), ir::Compare{ir::Compare::Op::Ge, scope.event, date(*d->from, d->span)}));
    if (d->to) both(Make(d->span, T(TypeKind::Bool), ir::Compare{ir::Compare::Op::Le, scope.event, date(*d->to, d->span)}));
    if (!cond) cond = Make(d->span, T(TypeKind::Bool), ir::Const{1, 1});
    cond = Probe(ir::CoveragePoint::Kind::Dated, d->span, cond, d->cite);
    std::string value = d->value ? sources_.Words(d->value->span) : "none";
    module_.coverage.back().text =
        d->from ? fmt::format("{} from {}{} = {}", p.name.text, ir::DateText(*d->from), d->to ? " to " + ir::DateText(*d->to) : "", value)
                : fmt::format("{} = {}{}", p.name.text, value, d->to ? " until " + ir::DateText(*d->to) : "");
    result = Make(d->span, type, ir::Select{cond, d->value ? lower_value(*d) : none(d->span), result});
  }
  return result;
}

void Checker::RestateAmended() {
  const ast::Policy& root = files_[0];
  std::set<int32_t> amended;
  for (const auto& a : root.amends) {
    auto file = policy_files_.find(a.target.policy);
    if (file == policy_files_.end() || file->second == 0) {
      emitter_.Emit(a.target.span, Kind::AmendUnknown, a.target.policy, a.target.provision.text,
                    fmt::format(" (no such policy is read here: add `use \"{}.prv\"`)", a.target.policy));
      continue;
    }
    const ast::Policy& base = files_[file->second];
    const std::string& name = a.target.provision.text;
    bool param = std::any_of(base.params.begin(), base.params.end(), [&](const ast::Param& p) { return p.name.text == name; });
    bool provision = std::any_of(base.provisions.begin(), base.provisions.end(), [&](const ast::Provision& p) { return p.name.text == name; });
    std::string target = a.target.policy + "." + name;
    if (!param && !provision) {
      std::vector<std::string> names;
      for (const auto& p : base.params) names.push_back(p.name.text);
      for (const auto& p : base.provisions) names.push_back(p.name.text);
      std::string hint = Suggest(name, names);
      emitter_.Emit(a.target.provision.span, Kind::AmendUnknown, a.target.policy, name, hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint))
          .Fix(a.target.provision.span, hint);
    } else if (param && a.series.empty()) {
      emitter_.Emit(a.span, Kind::AmendKind, target, "a parameter", "dated values (`from DATE = value cite \"…\"`)");
    } else if (provision && !a.window) {
      emitter_.Emit(a.span, Kind::AmendKind, target, "a provision", "a new window (`effective FROM .. TO cite \"…\"`)");
    } else {
      amended.insert(file->second);
    }
  }
  // Every provision of an amended policy, as the amending file has it: the
  // same rule, reading the amended params, in its (amended) window.
  for (int32_t f : amended)
    for (const auto& bp : files_[f].provisions) {
      if (std::any_of(root.provisions.begin(), root.provisions.end(), [&](const ast::Provision& p) { return p.name.text == bp.name.text; }))
        continue;  // the file restates it itself
      ast::Provision& s = restated_.emplace_back();
      s.name = bp.name;
      s.base = ast::QualifiedRef{bp.name.span, files_[f].header->id, bp.name};
      s.cite = bp.cite;
      s.window = bp.window ? bp.window : files_[f].header->window;
      for (const auto& a : root.amends)
        if (a.window && a.target.policy == files_[f].header->id && a.target.provision.text == bp.name.text) s.window = a.window;
      s.service = bp.service;
      s.serves = bp.serves;
      s.quote = bp.quote;
    }
}

}  // namespace provisio::sema
