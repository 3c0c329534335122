// Built-in functions: age, year, round, ratio, max, min and present.
#include <fmt/format.h>

#include "sema/checker.h"

namespace provisio::sema {

namespace {
using ir::TypeKind;
using K = TypeKind;
using diag::Kind;

}  // namespace

ir::ExprPtr Checker::LowerCall(const ast::Expr& e, const ast::Call& c, Scope& scope) {
  source::Span span = e.span;
  const std::string& fn = c.callee.text;
  auto arity = [&](size_t lo, size_t hi) {
    if (c.args.size() >= lo && c.args.size() <= hi) return true;
    emitter_.Emit(span, Kind::ArgumentCount, fn, lo == hi ? std::to_string(lo) : fmt::format("{} or {}", lo, hi),
                  c.args.size());
    return false;
  };
  using Fn = ir::Builtin::Fn;
  if (fn == "present") {
    if (!arity(1, 1)) return ErrorExpr(span);
    const auto* ref = std::get_if<ast::NameRef>(&c.args[0]->node);
    if (ref == nullptr || ref->parts.size() != 2) {
      emitter_.Emit(c.args[0]->span, Kind::TypeMismatch, "a fact name", "an expression");
      return ErrorExpr(span);
    }
    return FactRef(ref->parts[0].text + "." + ref->parts[1].text, c.args[0]->span, true);
  }
  if (fn == "age") {
    if (!arity(1, 2)) return ErrorExpr(span);
    auto birth = LowerAs(*c.args[0], T(K::Date), scope);
    auto on = c.args.size() == 2 ? LowerAs(*c.args[1], T(K::Date), scope) : scope.event;
    return Make(span, T(K::Int), ir::Builtin{Fn::Age, {birth, on}});
  }
  if (fn == "year") {
    if (!arity(1, 1)) return ErrorExpr(span);
    return Make(span, T(K::Int), ir::Builtin{Fn::Year, {LowerAs(*c.args[0], T(K::Date), scope)}});
  }
  if (fn == "round") {
    if (!arity(1, 1)) return ErrorExpr(span);
    auto x = Lower(*c.args[0], scope);
    if (IsError(x->type)) return x;
    if (x->type.kind == K::Int) return x;
    if (!x->type.IsRatio()) {
      emitter_.Emit(c.args[0]->span, Kind::TypeMismatch, "a decimal or rate", TypeText(x->type));
      return ErrorExpr(span);
    }
    return WithSite(Make(span, T(K::Int), ir::Builtin{Fn::Round, {x}}), scope, "round");
  }
  if (fn == "ratio") {
    if (!arity(2, 2)) return ErrorExpr(span);
    auto a = Lower(*c.args[0], scope);
    auto b = Lower(*c.args[1], scope);
    if (IsError(a->type) || IsError(b->type)) return ErrorExpr(span);
    bool money = a->type.kind == K::Money && b->type.kind == K::Money;
    if (!money && (!IsNumber(a->type) || !IsNumber(b->type))) {
      emitter_.Emit(span, Kind::UnitMismatch, "take the ratio of", TypeText(a->type), TypeText(b->type));
      return ErrorExpr(span);
    }
    return WithSite(Make(span, T(K::Rate), ir::Arith{ir::Arith::Op::Div, a, b}), scope, "ratio");
  }
  if (fn == "max" || fn == "min") {
    if (!arity(2, 2)) return ErrorExpr(span);
    auto a = Lower(*c.args[0], scope);
    auto b = LowerAs(*c.args[1], a->type, scope);
    if (IsError(a->type) || IsError(b->type)) return ErrorExpr(span);
    if (!IsNumber(a->type) && a->type.kind != K::Money && a->type.kind != K::Date) {
      emitter_.Emit(span, Kind::TypeMismatch, "numbers, money or dates", TypeText(a->type));
      return ErrorExpr(span);
    }
    return Make(span, a->type, ir::Builtin{fn == "max" ? Fn::Max : Fn::Min, {a, b}});
  }
  static const std::vector<std::string> kFunctions = {"age", "year", "round", "ratio", "max", "min", "present"};
  std::string hint = Suggest(fn, kFunctions);
  emitter_.Emit(c.callee.span, Kind::UnknownFunction, fn, hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint))
      .Fix(c.callee.span, hint);
  return ErrorExpr(span);
}

}  // namespace provisio::sema
