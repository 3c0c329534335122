// Static checks over a provision's conditions, which must all hold in
// order: a comparison of a fact (or let) with a constant that can never be
// true, or is always true, given the comparisons before it; and a division
// whose divisor no earlier condition keeps from zero.
#include <fmt/format.h>

#include <map>

#include "provisio/runtime.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using ir::TypeKind;
using Op = ir::Compare::Op;

using Lets = std::vector<ir::Let>;

// A node as the checks see it: without its probe, a let as its value.
const ir::Expr& Strip(const ir::Expr& e, const Lets& lets) {
  if (const auto* p = std::get_if<ir::Probe>(&e.node)) return Strip(*p->x, lets);
  if (const auto* r = std::get_if<ir::LetRef>(&e.node)) return Strip(*lets.at(r->let).value, lets);
  return e;
}

// The subject a comparison constrains: a fact slot or a shared let tree.
std::string SubjectKey(const ir::Expr& e, const Lets& lets) {
  const ir::Expr& s = Strip(e, lets);
  if (const auto* f = std::get_if<ir::FactLoad>(&s.node)) return fmt::format("slot{}", f->slot);
  return fmt::format("node{}", static_cast<const void*>(&s));
}

struct Value {
  int64_t num, den;
};
int Cmp(Value a, Value b) { return prv_ratio_cmp(a.num, a.den, b.num, b.den); }

// What the conditions so far say of one subject.
struct Interval {
  std::optional<Value> lo, hi;
  bool lo_strict = false, hi_strict = false;
  source::Span lo_span, hi_span;
};

// `subject op constant`, normalised so that the constant is on the right.
struct Atom {
  std::string subject;
  Op op;
  Value value;
  source::Span span;
};

std::optional<Atom> AtomOf(const ir::Expr& e, const Lets& lets) {
  const auto* c = std::get_if<ir::Compare>(&Strip(e, lets).node);
  if (c == nullptr) return std::nullopt;
  const ir::Expr* l = &Strip(*c->l, lets);
  const ir::Expr* r = &Strip(*c->r, lets);
  Op op = c->op;
  bool flipped = false;
  if (std::holds_alternative<ir::Const>(l->node) && !std::holds_alternative<ir::Const>(r->node)) {
    std::swap(l, r);
    flipped = true;
  }
  const auto* k = std::get_if<ir::Const>(&r->node);
  TypeKind t = r->type.kind;
  if (k == nullptr || std::holds_alternative<ir::Const>(l->node) || t == TypeKind::Bool || t == TypeKind::Text ||
      t == TypeKind::Enum)
    return std::nullopt;
  if (flipped) op = op == Op::Lt ? Op::Gt : op == Op::Gt ? Op::Lt : op == Op::Le ? Op::Ge : op == Op::Ge ? Op::Le : op;
  return Atom{SubjectKey(*l, lets), op, {k->a, r->type.IsRatio() ? k->b : 1}, e.span};
}

// The conjuncts of a condition: a and b and c.
void Conjuncts(const ir::Expr& e, const Lets& lets, std::vector<const ir::Expr*>& out) {
  const ir::Expr& s = Strip(e, lets);
  if (const auto* l = std::get_if<ir::Logic>(&s.node); l && l->op == ir::Logic::Op::And) {
    Conjuncts(*l->l, lets, out);
    Conjuncts(*l->r, lets, out);
    return;
  }
  out.push_back(&s);
}

class ConditionCheck {
 public:
  ConditionCheck(const ir::Provision& p, const source::SourceSet& sources, diag::Emitter& emitter)
      : lets_(p.lets), sources_(sources), emitter_(emitter) {}

  void Run(const ir::Provision& p) {
    for (const auto& rule : p.rules) {
      DivisionsIn(*rule.cond, {});
      std::vector<const ir::Expr*> parts;
      Conjuncts(*rule.cond, lets_, parts);
      for (const ir::Expr* part : parts) {
        if (auto atom = AtomOf(*part, lets_)) Apply(*atom);
        Guard(*part);
      }
    }
    for (const auto& o : p.outputs) DivisionsIn(*o.value, {});
  }

 private:
  // Reports `atom` against what is known, then narrows what is known by it.
  void Apply(const Atom& a) {
    if (a.op == Op::Ne) return;
    Interval& known = known_[a.subject];
    Interval want;
    if (a.op == Op::Eq || a.op == Op::Ge || a.op == Op::Gt) want.lo = a.value, want.lo_strict = a.op == Op::Gt;
    if (a.op == Op::Eq || a.op == Op::Le || a.op == Op::Lt) want.hi = a.value, want.hi_strict = a.op == Op::Lt;
    // Never true: the wanted range lies wholly outside the known one.
    auto below = [](Value x, bool xs, Value y, bool ys) {  // an upper bound x below a lower bound y
      int c = Cmp(x, y);
      return c < 0 || (c == 0 && (xs || ys));
    };
    if (want.lo && known.hi && below(*known.hi, known.hi_strict, *want.lo, want.lo_strict)) {
      emitter_.Emit(a.span, diag::Kind::ConditionNeverTrue).Note(known.hi_span, diag::Info(diag::Kind::NoteEarlierCondition).format);
    } else if (want.hi && known.lo && below(*want.hi, want.hi_strict, *known.lo, known.lo_strict)) {
      emitter_.Emit(a.span, diag::Kind::ConditionNeverTrue).Note(known.lo_span, diag::Info(diag::Kind::NoteEarlierCondition).format);
    } else {
      // Always true: the known range lies wholly inside the wanted one.
      auto inside_lo = !want.lo || (known.lo && (Cmp(*known.lo, *want.lo) > 0 ||
                                                 (Cmp(*known.lo, *want.lo) == 0 && (known.lo_strict || !want.lo_strict))));
      auto inside_hi = !want.hi || (known.hi && (Cmp(*known.hi, *want.hi) < 0 ||
                                                 (Cmp(*known.hi, *want.hi) == 0 && (known.hi_strict || !want.hi_strict))));
      if (inside_lo && inside_hi) {
        source::Span earlier = want.lo ? known.lo_span : known.hi_span;
        emitter_.Emit(a.span, diag::Kind::ConditionAlwaysTrue).Note(earlier, diag::Info(diag::Kind::NoteEarlierCondition).format);
      }
    }
    if (want.lo && (!known.lo || Cmp(*want.lo, *known.lo) > 0 || (Cmp(*want.lo, *known.lo) == 0 && want.lo_strict))) {
      known.lo = want.lo;
      known.lo_strict = want.lo_strict;
      known.lo_span = a.span;
    }
    if (want.hi && (!known.hi || Cmp(*want.hi, *known.hi) < 0 || (Cmp(*want.hi, *known.hi) == 0 && want.hi_strict))) {
      known.hi = want.hi;
      known.hi_strict = want.hi_strict;
      known.hi_span = a.span;
    }
  }

  // `x > 0`, `x >= c` with c > 0, `x != 0`: x is not zero from here on.
  void Guard(const ir::Expr& e) {
    if (auto a = AtomOf(e, lets_)) {
      int sign = Cmp(a->value, {0, 1});
      if ((a->op == Op::Gt && sign >= 0) || (a->op == Op::Ge && sign > 0) || (a->op == Op::Ne && sign == 0) ||
          (a->op == Op::Lt && sign <= 0) || (a->op == Op::Le && sign < 0))
        nonzero_.insert(a->subject);
    }
  }

  // Walks `e`; the left side of an `and` guards its right side.
  void DivisionsIn(const ir::Expr& e, std::set<std::string> local) {
    std::visit(
        [&](const auto& n) {
          using N = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<N, ir::Arith>) {
            DivisionsIn(*n.l, local);
            DivisionsIn(*n.r, local);
            if (n.op == ir::Arith::Op::Div) Divisor(*n.r, local);
          } else if constexpr (std::is_same_v<N, ir::Logic>) {
            DivisionsIn(*n.l, local);
            if (n.op == ir::Logic::Op::And) {
              std::vector<const ir::Expr*> parts;
              Conjuncts(*n.l, lets_, parts);
              for (const ir::Expr* part : parts)
                if (auto a = AtomOf(*part, lets_)) {
                  int sign = Cmp(a->value, {0, 1});
                  if ((a->op == Op::Gt && sign >= 0) || (a->op == Op::Ne && sign == 0)) local.insert(a->subject);
                }
            }
            DivisionsIn(*n.r, local);
          } else if constexpr (std::is_same_v<N, ir::Unary>) {
            DivisionsIn(*n.x, local);
          } else if constexpr (std::is_same_v<N, ir::Compare>) {
            DivisionsIn(*n.l, local);
            DivisionsIn(*n.r, local);
          } else if constexpr (std::is_same_v<N, ir::Select>) {
            DivisionsIn(*n.cond, local);
            DivisionsIn(*n.then_value, local);
            DivisionsIn(*n.else_value, local);
          } else if constexpr (std::is_same_v<N, ir::Builtin>) {
            for (const auto& a : n.args) DivisionsIn(*a, local);
          } else if constexpr (std::is_same_v<N, ir::Probe>) {
            DivisionsIn(*n.x, local);
          } else if constexpr (std::is_same_v<N, ir::DateShift>) {
            DivisionsIn(*n.date, local);
          } else if constexpr (std::is_same_v<N, ir::ListQuery>) {
            if (n.where) DivisionsIn(*n.where, local);
          } else if constexpr (std::is_same_v<N, ir::LetRef>) {
            DivisionsIn(*lets_.at(n.let).value, local);
          }
        },
        e.node);
  }

  void Divisor(const ir::Expr& d, const std::set<std::string>& local) {
    const ir::Expr& s = Strip(d, lets_);
    if (const auto* k = std::get_if<ir::Const>(&s.node); k && k->a != 0) return;
    std::string key = SubjectKey(s, lets_);
    if (nonzero_.contains(key) || local.contains(key) || !warned_.insert(key).second) return;
    std::string text = sources_.Words(s.span);
    emitter_.Emit(s.span, diag::Kind::DivisionMayBeZero, text)
        .Hint(fmt::format("add a condition before it, such as `require {} > 0 else \"…\"`", text));
  }

  const Lets& lets_;
  const source::SourceSet& sources_;
  diag::Emitter& emitter_;
  std::map<std::string, Interval> known_;
  std::set<std::string> nonzero_;
  std::set<std::string> warned_;
};
}  // namespace

void CheckConditions(const ir::Provision& p, const source::SourceSet& sources, diag::Emitter& emitter) {
  ConditionCheck(p, sources, emitter).Run(p);
}

}  // namespace provisio::sema
