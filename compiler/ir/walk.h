// Walking the IR: a node's operands, and the trees a provision's
// expressions read through their lets.
#pragma once
#include <type_traits>
#include <vector>

#include "ir/ir.h"

namespace provisio::ir {

// Calls f(child) for each operand of `e`, in evaluation order (as a
// mutable ExprPtr& when `e` is mutable: a copy being rebuilt).
template <class E, class F>
  requires std::is_same_v<std::remove_const_t<E>, Expr>
void ForEachChild(E& e, F&& f) {
  std::visit(
      [&](auto& n) {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, Unary> || std::is_same_v<N, Probe>) f(n.x);
        else if constexpr (std::is_same_v<N, Arith> || std::is_same_v<N, Compare> || std::is_same_v<N, Logic>) {
          f(n.l);
          f(n.r);
        } else if constexpr (std::is_same_v<N, Select>) {
          f(n.cond);
          f(n.then_value);
          f(n.else_value);
        } else if constexpr (std::is_same_v<N, DateShift>) f(n.date);
        else if constexpr (std::is_same_v<N, Builtin>) {
          for (auto& a : n.args) f(a);
        } else if constexpr (std::is_same_v<N, ListQuery>) {
          if (n.where) f(n.where);
        }
      },
      e.node);
}

// Calls f(root) for each expression tree of a provision (mutable when `p`
// is): its event, lets, conditions, grant (when it has one), outputs.
template <class P, class F>
  requires std::is_same_v<std::remove_const_t<P>, Provision>
void ForEachRoot(P& p, F&& f) {
  f(p.event);
  for (auto& l : p.lets) f(l.value);
  for (auto& r : p.rules) f(r.cond);
  if (p.grant) f(p.grant);
  for (auto& o : p.outputs) f(o.value);
}

// Visits every node `e` reads, entering each let of `p` the first time it
// is referenced (tracked in `entered`, one flag per let).
template <class F>
void VisitReading(const Provision& p, const ExprPtr& e, std::vector<bool>& entered, F&& visit) {
  if (!e) return;
  visit(*e);
  if (const auto* ref = std::get_if<LetRef>(&e->node)) {
    if (ref->let >= 0 && ref->let < static_cast<int32_t>(p.lets.size()) && !entered[ref->let]) {
      entered[ref->let] = true;
      VisitReading(p, p.lets[ref->let].value, entered, visit);
    }
    return;
  }
  ForEachChild(*e, [&](const ExprPtr& child) { VisitReading(p, child, entered, visit); });
}

// The comparison a coverage probe's values are traced from: `x` itself, or
// the first comparison of what one condition desugars to (`in`, `within`, a
// tier band: the subject or key, and the first bound).
inline const Expr* TracedCompare(const Expr& x) {
  if (std::holds_alternative<Compare>(x.node)) return &x;
  if (const auto* l = std::get_if<Logic>(&x.node); l && l->desugared) return TracedCompare(*l->l);
  if (const auto* u = std::get_if<Unary>(&x.node)) return TracedCompare(*u->x);
  return nullptr;
}

}  // namespace provisio::ir
