#include "ir/verify.h"

#include <fmt/format.h>

namespace provisio::ir {

namespace {
bool IsNumber(Type t) { return t.kind == TypeKind::Int || t.IsRatio(); }

class Verifier {
 public:
  Verifier(const Module& m, std::vector<std::string>& problems) : m_(m), problems_(problems) {}

  // `lets`: how many of p's lets `e` may read (a let reads only those before it).
  void Check(const Provision& p, size_t lets, const ExprPtr& e, const std::string& where) {
    p_ = &p;
    lets_ = lets;
    where_ = where;
    Walk(*e, -1);
  }

 private:
  void Report(const Expr& e, const char* what) {
    problems_.push_back(fmt::format("{} (at offset {}): {}", where_, e.span.begin, what));
  }
  void Expect(const Expr& e, bool ok, const char* what) {
    if (!ok) Report(e, what);
  }
  void Site(const Expr& e) { Expect(e, e.site >= 0 && e.site < static_cast<int32_t>(m_.sites.size()), "a node that can fail has no site"); }

  void Walk(const Expr& e, int32_t list) {
    Expect(e, e.type.kind != TypeKind::Error && e.type.kind != TypeKind::Duration, "an erroneous or duration type reached the IR");
    std::visit(
        [&](const auto& n) {
          using N = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<N, Const>) {
            Expect(e, !e.type.IsRatio() || n.b > 0, "a ratio constant without a positive denominator");
          } else if constexpr (std::is_same_v<N, FactLoad> || std::is_same_v<N, FactPresent>) {
            bool in_range = n.slot >= 0 && n.slot < static_cast<int32_t>(m_.slots.size());
            Expect(e, in_range, "a fact slot out of range");
            if constexpr (std::is_same_v<N, FactLoad>)
              if (in_range && m_.slots[n.slot].optional) Site(e);
          } else if constexpr (std::is_same_v<N, ListField>) {
            Expect(e, list >= 0 && n.list == list, "a list field outside a query of its list");
            const auto& s = m_.schema;
            Expect(e, n.list >= 0 && n.list < static_cast<int32_t>(s.lists.size()) &&
                          n.field >= 0 && n.field < static_cast<int32_t>(s.records[s.lists[n.list].record].fields.size()),
                   "a list field out of range");
          } else if constexpr (std::is_same_v<N, Unary>) {
            Walk(*n.x, list);
            if (n.op == Unary::Op::Not) Expect(e, n.x->type.kind == TypeKind::Bool, "`not` of a non-bool");
            else Expect(e, IsNumber(n.x->type) || n.x->type.kind == TypeKind::Money, "negation of a non-number");
          } else if constexpr (std::is_same_v<N, Arith>) {
            Walk(*n.l, list);
            Walk(*n.r, list);
            Site(e);
            bool money = e.type.kind == TypeKind::Money;
            bool ok = money ? (n.l->type.kind == TypeKind::Money || n.r->type.kind == TypeKind::Money)
                            : (IsNumber(e.type) && (IsNumber(n.l->type) || n.l->type.kind == TypeKind::Money));
            Expect(e, ok, "arithmetic whose operand types do not fit its result");
            Expect(e, !(money && n.l->type.kind == TypeKind::Money && n.r->type.kind == TypeKind::Money &&
                        n.op == Arith::Op::Mul),
                   "money times money");
          } else if constexpr (std::is_same_v<N, Compare>) {
            Walk(*n.l, list);
            Walk(*n.r, list);
            Expect(e, (IsNumber(n.l->type) && IsNumber(n.r->type)) || n.l->type == n.r->type,
                   "a comparison of values of different kinds");
          } else if constexpr (std::is_same_v<N, Logic>) {
            Walk(*n.l, list);
            Walk(*n.r, list);
            Expect(e, n.l->type.kind == TypeKind::Bool && n.r->type.kind == TypeKind::Bool, "and/or of non-bools");
          } else if constexpr (std::is_same_v<N, Select>) {
            Walk(*n.cond, list);
            Walk(*n.then_value, list);
            Walk(*n.else_value, list);
            Expect(e, n.cond->type.kind == TypeKind::Bool, "a select on a non-bool");
            auto fits = [&](Type t) { return t == e.type || (IsNumber(t) && IsNumber(e.type)); };
            Expect(e, fits(n.then_value->type) && fits(n.else_value->type), "select branches of another type");
          } else if constexpr (std::is_same_v<N, DateShift>) {
            Walk(*n.date, list);
            Site(e);
            Expect(e, n.date->type.kind == TypeKind::Date, "a date shift of a non-date");
            Expect(e, n.unit != DateShift::Unit::WorkingDays ||
                          (n.calendar >= 0 && n.calendar < static_cast<int32_t>(m_.calendars.size())),
                   "working days without a calendar");
          } else if constexpr (std::is_same_v<N, Builtin>) {
            for (const auto& a : n.args) Walk(*a, list);
          } else if constexpr (std::is_same_v<N, ListQuery>) {
            Expect(e, n.list >= 0 && n.list < static_cast<int32_t>(m_.schema.lists.size()), "a query of no list");
            if (n.where) {
              Walk(*n.where, n.list);
              Expect(e, n.where->type.kind == TypeKind::Bool, "a list query with a non-bool filter");
            }
          } else if constexpr (std::is_same_v<N, LetRef>) {
            bool in_range = n.let >= 0 && static_cast<size_t>(n.let) < lets_;
            Expect(e, in_range, "a let read before it is defined, or out of range");
            if (in_range) Expect(e, p_->lets[n.let].type == e.type, "a let read as another type");
          } else if constexpr (std::is_same_v<N, Fail>) {
            Site(e);
          } else if constexpr (std::is_same_v<N, Probe>) {
            Walk(*n.x, list);
            Expect(e, n.point >= 0 && n.point < static_cast<int32_t>(m_.coverage.size()), "a coverage point out of range");
            Expect(e, n.x->type.kind == TypeKind::Bool, "a probe on a non-bool");
          }
        },
        e.node);
  }

  const Module& m_;
  std::vector<std::string>& problems_;
  const Provision* p_ = nullptr;
  size_t lets_ = 0;
  std::string where_;
};
}  // namespace

std::vector<std::string> Verify(const Module& m) {
  std::vector<std::string> problems;
  Verifier v(m, problems);
  for (const auto& p : m.provisions) {
    size_t all = p.lets.size();
    for (size_t i = 0; i < all; ++i) v.Check(p, i, p.lets[i].value, fmt::format("{} let {}", p.id, p.lets[i].name));
    v.Check(p, all, p.event, p.id + " event");
    if (p.event->type.kind != TypeKind::Date) problems.push_back(p.id + ": the event is not a date");
    if (p.window_to && *p.window_to < p.window_from) problems.push_back(p.id + ": the window ends before it begins");
    for (size_t i = 0; i < p.rules.size(); ++i) {
      const Rule& r = p.rules[i];
      v.Check(p, all, r.cond, fmt::format("{} rule {}", p.id, i));
      if (r.cond->type.kind != TypeKind::Bool) problems.push_back(fmt::format("{} rule {}: not a condition", p.id, i));
      for (size_t g = 0; g < r.guards.size(); ++g)
        if (r.guards[g] < 0 || static_cast<size_t>(r.guards[g]) >= i || (g > 0 && r.guards[g] <= r.guards[g - 1]))
          problems.push_back(fmt::format("{} rule {}: guards must be earlier rules, ascending", p.id, i));
    }
    if (p.grant) {
      v.Check(p, all, p.grant, p.id + " exception");
      if (p.grant->type.kind != TypeKind::Bool) problems.push_back(p.id + ": the exception's grant is not a condition");
    }
    for (const auto& o : p.outputs) {
      v.Check(p, all, o.value, p.id + " output " + o.name);
      if (!(o.value->type == o.type) && !(o.type.IsRatio() && o.value->type.IsRatio()))
        problems.push_back(p.id + " output " + o.name + ": its value is of another type");
      if (o.when_ineligible == Output::WhenIneligible::Zero && o.type.kind != TypeKind::Money)
        problems.push_back(p.id + " output " + o.name + ": only money is zero when ineligible");
    }
  }
  return problems;
}

}  // namespace provisio::ir
