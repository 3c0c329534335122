// Tiers (brackets): bounds must fit the key's type, and the bands must
// tile their domain with neither gap nor overlap; both bounds are named.
#include <algorithm>

#include "provisio/runtime.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using ir::TypeKind;
using diag::Kind;

struct Bound {
  bool infinite = false;
  int64_t num = 0, den = 1;
  bool inclusive = true;
  std::string spelling;
  source::Span span;
};

int Cmp(const Bound& a, bool a_low, const Bound& b, bool b_low) {
  // -inf as a lower bound, +inf as an upper one.
  if (a.infinite || b.infinite) {
    int av = a.infinite ? (a_low ? -1 : 1) : 0, bv = b.infinite ? (b_low ? -1 : 1) : 0;
    return av < bv ? -1 : av > bv ? 1 : 0;
  }
  return prv_ratio_cmp(a.num, a.den, b.num, b.den);
}

struct Interval {
  Bound lo, hi;
  const ast::Band* band;
};

bool BoundFits(ast::Literal::Kind lit, TypeKind key) {
  using L = ast::Literal::Kind;
  switch (key) {
    case TypeKind::Int: return lit == L::Int;
    case TypeKind::Decimal:
    case TypeKind::Rate: return lit == L::Int || lit == L::Decimal || lit == L::Percent;
    case TypeKind::Money: return lit == L::Money;
    default: return false;
  }
}
}  // namespace

ir::ExprPtr Checker::LowerTier(const ast::Expr& e, const ast::Tier& tier, Scope& scope) {
  ir::ExprPtr key = Lower(*tier.key, scope);
  if (key->type.kind == TypeKind::Error) return ErrorExpr(e.span);
  if (key->type.kind != TypeKind::Int && !key->type.IsRatio() && key->type.kind != TypeKind::Money) {
    emitter_.Emit(tier.key->span, Kind::TypeMismatch, "a number or money to tier on", TypeText(key->type));
    return ErrorExpr(e.span);
  }
  bool discrete = key->type.kind == TypeKind::Int || key->type.kind == TypeKind::Money;
  bool ok = true;
  std::vector<Interval> intervals;
  for (const auto& band : tier.bands) {
    auto bound = [&](const std::optional<ast::Literal>& lit, source::Span span, bool inclusive) {
      Bound b;
      if (!lit) {
        b.infinite = true;
        return b;
      }
      if (!BoundFits(lit->kind, key->type.kind)) {
        emitter_.Emit(span, Kind::TierBoundType, lit->spelling, TypeText(key->type));
        ok = false;
      }
      b.num = lit->value;
      b.den = lit->den;
      b.inclusive = inclusive;
      b.spelling = lit->spelling;
      b.span = span;
      return b;
    };
    using BK = ast::Band::Kind;
    Interval iv{bound(band.kind == BK::Below ? std::nullopt : band.lo, band.lo_span, true),
                bound(band.kind == BK::From ? std::nullopt : band.hi, band.hi_span,
                      band.kind == BK::Closed || band.kind == BK::Point),
                &band};
    // An integer key: [a, b] is [a, b+1).
    if (discrete && !iv.hi.infinite && iv.hi.inclusive && iv.hi.den == 1) {
      iv.hi.num += 1;
      iv.hi.inclusive = false;
    }
    int c = Cmp(iv.lo, true, iv.hi, false);
    if (c > 0 || (c == 0 && !(iv.lo.inclusive && iv.hi.inclusive))) {
      emitter_.Emit(band.span, Kind::TierEmptyBand, sources_.Words(band.span));
      ok = false;
    }
    intervals.push_back(iv);
  }
  if (!ok) return ErrorExpr(e.span);

  std::stable_sort(intervals.begin(), intervals.end(),
                   [](const Interval& a, const Interval& b) { return Cmp(a.lo, true, b.lo, true) < 0; });
  for (size_t i = 1; i < intervals.size(); ++i) {
    const Interval& p = intervals[i - 1];
    const Interval& n = intervals[i];
    int c = Cmp(p.hi, false, n.lo, true);
    std::string hi = p.hi.infinite ? "no upper bound" : p.hi.spelling;
    std::string lo = n.lo.infinite ? "no lower bound" : n.lo.spelling;
    if (c < 0) {
      emitter_.Emit(n.band->span, Kind::TierGap, hi, lo).Note(p.band->span, diag::Info(Kind::NoteOtherBound).format);
      ok = false;
    } else if (c > 0 || (p.hi.inclusive && n.lo.inclusive)) {
      emitter_.Emit(n.band->span, Kind::TierOverlap, lo, hi).Note(p.band->span, diag::Info(Kind::NoteOtherBound).format);
      ok = false;
    }
  }
  if (!ok) return ErrorExpr(e.span);

  // Lower to a chain of selects; a key outside every band fails at run time.
  ir::Type type;
  std::vector<std::pair<ir::ExprPtr, ir::ExprPtr>> arms;
  for (const auto& iv : intervals) {
    ir::ExprPtr cond;
    auto add = [&](ir::Compare::Op op, const Bound& b) {
      ir::Type bt = key->type.kind == TypeKind::Int ? key->type : ir::Type{key->type.kind == TypeKind::Money ? TypeKind::Money : TypeKind::Rate, -1};
      auto c = Make(iv.band->span, ir::Type{TypeKind::Bool, -1},
                    ir::Compare{op, key, Make(b.span, bt, ir::Const{b.num, b.den})});
      cond = cond ? Make(iv.band->span, ir::Type{TypeKind::Bool, -1}, ir::Logic{ir::Logic::Op::And, cond, c, /*desugared=*/true}) : c;
    };
    if (!iv.lo.infinite) add(ir::Compare::Op::Ge, iv.lo);
    if (!iv.hi.infinite) add(iv.hi.inclusive ? ir::Compare::Op::Le : ir::Compare::Op::Lt, iv.hi);
    if (!cond) cond = Make(iv.band->span, ir::Type{TypeKind::Bool, -1}, ir::Const{1, 1});
    cond = Probe(ir::CoveragePoint::Kind::Band, iv.band->span, cond);
    auto value = type.kind == TypeKind::Error ? Lower(*iv.band->value, scope) : LowerAs(*iv.band->value, type, scope);
    if (type.kind == TypeKind::Error) type = value->type;
    arms.emplace_back(cond, value);
  }
  ir::ExprPtr result = WithSite(Make(e.span, type, ir::Fail{PRV_NO_TIER}), scope, "tier");
  for (auto it = arms.rbegin(); it != arms.rend(); ++it) result = Make(e.span, type, ir::Select{it->first, it->second, result});
  return result;
}

}  // namespace provisio::sema
