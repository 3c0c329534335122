#include "ir/coverage.h"

namespace provisio::ir {

namespace {
class ConditionCoverage {
 public:
  ConditionCoverage(Module& m, Provision& p, int32_t index, const source::SourceSet& sources)
      : m_(m), p_(p), index_(index), sources_(sources), covered_(p.lets.size()) {}

  ExprPtr Cover(const ExprPtr& e) {
    if (const auto* l = std::get_if<Logic>(&e->node); l && !l->desugared)
      return Probed(e, Logic{l->op, Cover(l->l), Cover(l->r), false});
    if (const auto* u = std::get_if<Unary>(&e->node); u && u->op == Unary::Op::Not)
      return Make(*e, Unary{u->op, Cover(u->x)});
    if (const auto* ref = std::get_if<LetRef>(&e->node)) {
      // The let's own conditions are points, once, wherever it is used.
      if (!covered_[ref->let]) {
        covered_[ref->let] = true;
        p_.lets[ref->let].value = Cover(p_.lets[ref->let].value);
      }
      return e;
    }
    if (std::holds_alternative<Probe>(e->node)) return e;
    return Probed(e, e->node);
  }

 private:
  template <class N>
  ExprPtr Make(const Expr& like, N node) {
    auto out = std::make_shared<Expr>(like);
    out->node = std::move(node);
    return out;
  }
  ExprPtr Probed(const ExprPtr& e, decltype(Expr::node) node) {
    auto inner = std::make_shared<Expr>(*e);
    inner->node = std::move(node);
    int32_t point = static_cast<int32_t>(m_.coverage.size());
    m_.coverage.push_back({CoveragePoint::Kind::Condition, e->span, index_, sources_.Text(e->span), ""});
    return Make(*e, Probe{point, inner});
  }

  Module& m_;
  Provision& p_;
  int32_t index_;
  const source::SourceSet& sources_;
  std::vector<bool> covered_;
};
}  // namespace

void CoverConditions(Module& m, Provision& p, int32_t index, const source::SourceSet& sources) {
  ConditionCoverage coverage(m, p, index, sources);
  for (auto& rule : p.rules) rule.cond = coverage.Cover(rule.cond);
}

}  // namespace provisio::ir
