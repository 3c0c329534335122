// Lowers expressions to the typed IR and checks their types and units:
// money + rate is an error, money × rate is money, and so on.
#include <fmt/format.h>

#include "provisio/runtime.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using ir::TypeKind;
using K = TypeKind;
using diag::Kind;


template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

const char* OpVerb(ast::Binary::Op op) {
  switch (op) {
    case ast::Binary::Op::Add: return "add";
    case ast::Binary::Op::Sub: return "subtract";
    case ast::Binary::Op::Mul: return "multiply";
    case ast::Binary::Op::Div: return "divide";
    default: return "compare";
  }
}

// The type of l op r for arithmetic, or Error when the units do not fit.
ir::Type ArithType(ast::Binary::Op op, ir::Type l, ir::Type r) {
  using O = ast::Binary::Op;
  auto both = [&](K a, K b) { return (l.kind == a && r.kind == b) || (l.kind == b && r.kind == a); };
  switch (op) {
    case O::Add:
    case O::Sub:
      if (l.kind == r.kind && (IsNumber(l) || l.kind == K::Money)) return l;
      if (both(K::Int, K::Decimal)) return T(K::Decimal);
      if (both(K::Int, K::Rate)) return T(K::Rate);
      if (l.kind == K::Date && r.kind == K::Duration) return l;
      if (op == O::Add && l.kind == K::Duration && r.kind == K::Date) return r;
      return {};
    case O::Mul:
      if (l.kind == K::Int && r.kind == K::Int) return l;
      if (both(K::Money, K::Int) || both(K::Money, K::Decimal) || both(K::Money, K::Rate)) return T(K::Money);
      if (l.kind == K::Rate && r.kind == K::Rate) return l;
      if (IsNumber(l) && IsNumber(r)) return T(K::Decimal);
      return {};
    case O::Div:
      if (l.kind == K::Money && r.kind == K::Money) return T(K::Rate);
      if (l.kind == K::Rate && r.kind == K::Rate) return l;
      if (l.kind == K::Decimal && IsNumber(r)) return l;
      if (l.kind == K::Rate && r.kind == K::Int) return l;
      return {};
    default:
      return {};
  }
}

bool Comparable(ir::Type l, ir::Type r) {
  if (IsNumber(l) && IsNumber(r)) return true;
  if (l.kind != r.kind) return false;
  return l.kind != K::Duration && l.kind != K::Error && (l.kind != K::Enum || l.enum_id == r.enum_id);
}
}  // namespace

std::string Checker::TypeText(ir::Type t) const {
  switch (t.kind) {
    case K::Error: return "an erroneous value";
    case K::Bool: return "bool";
    case K::Int: return "int";
    case K::Decimal: return "decimal";
    case K::Rate: return "rate";
    case K::Money: return "money";
    case K::Date: return "date";
    case K::Text: return "text";
    case K::Enum: return fmt::format("enum {}", module_.schema.enums[t.enum_id].name);
    case K::Duration: return "a duration";
  }
  return "?";
}

std::optional<ir::Type> Checker::TypeNamed(const ast::Ident& name) {
  static const std::map<std::string, TypeKind> kTypes = {
      {"money", K::Money}, {"rate", K::Rate}, {"decimal", K::Decimal}, {"int", K::Int},
      {"date", K::Date},   {"bool", K::Bool}, {"text", K::Text}};
  auto it = kTypes.find(name.text);
  if (it == kTypes.end()) {
    emitter_.Emit(name.span, Kind::UnknownType, name.text);
    return std::nullopt;
  }
  return T(it->second);
}

int32_t Checker::Intern(const std::string& text) {
  auto [it, added] = string_ids_.emplace(text, static_cast<int32_t>(module_.strings.size()));
  if (added) module_.strings.push_back(text);
  return it->second;
}

ir::ExprPtr Checker::WithSite(ir::ExprPtr e, const Scope& scope, std::string what) {
  auto copy = std::make_shared<ir::Expr>(*e);
  copy->site = static_cast<int32_t>(module_.sites.size());
  module_.sites.push_back({e->span, scope.provision_id, std::move(what)});
  return copy;
}

ir::ExprPtr Checker::ConstOf(const ast::Literal& lit, source::Span span) {
  using L = ast::Literal::Kind;
  switch (lit.kind) {
    case L::Int: return Make(span, T(K::Int), ir::Const{lit.value, 1});
    case L::Decimal: return Make(span, T(K::Decimal), ir::Const{lit.value, lit.den});
    case L::Percent: return Make(span, T(K::Rate), ir::Const{lit.value, lit.den});
    case L::Money: return Make(span, T(K::Money), ir::Const{lit.value, 1});
    case L::Date: return Make(span, T(K::Date), ir::Const{lit.value, 1});
    case L::Bool: return Make(span, T(K::Bool), ir::Const{lit.value, 1});
    case L::Text: return Make(span, T(K::Text), ir::Const{Intern(lit.text), 1});
    // A duration lives only inside sema (date ± duration becomes a DateShift): its unit rides in `b`.
    case L::Duration: return Make(span, T(K::Duration), ir::Const{lit.duration.count, static_cast<int64_t>(lit.duration.unit)});
  }
  return ErrorExpr(span);
}

ir::ExprPtr Checker::FactRef(const std::string& name, source::Span span, bool presence) {
  const auto& s = module_.schema;
  int32_t index = s.FindFact(name);
  if (index < 0) {
    emitter_.Emit(span, Kind::UnknownFact, name, source::DidYouMean(name, source::NamesOf(s.facts)))
        .Fix(span, sources_.Words(span) == name ? source::Suggest(name, source::NamesOf(s.facts)) : "");
    return ErrorExpr(span);
  }
  const auto& fact = s.facts[index];
  ir::Type type = ir::TypeOf(fact);
  auto [it, added] = slot_of_.emplace(name, static_cast<int32_t>(module_.slots.size()));
  if (added) module_.slots.push_back({name, type, fact.optional, index});
  if (presence) {
    if (!fact.optional) {
      std::string optional;
      for (const auto& f : s.facts)
        if (f.optional) optional += (optional.empty() ? "" : ", ") + f.name;
      emitter_.Emit(span, Kind::NotPresentable, optional, name);
    }
    return Make(span, T(K::Bool), ir::FactPresent{it->second});
  }
  return Make(span, type, ir::FactLoad{it->second});
}

ir::ExprPtr Checker::LowerAs(const ast::Expr& e, ir::Type want, Scope& scope) {
  ir::ExprPtr x = Lower(e, scope);
  if (IsError(x->type) || x->type == want) return x;
  // Numbers widen: an int where a decimal or rate is wanted.
  if (x->type.kind == K::Int && want.IsRatio()) {
    auto copy = std::make_shared<ir::Expr>(*x);
    if (std::holds_alternative<ir::Const>(copy->node)) {
      copy->type = want;
      return copy;
    }
  }
  if (x->type.kind == K::Rate && want.kind == K::Decimal) return x;
  if (x->type.kind == K::Decimal && want.kind == K::Rate) return x;
  emitter_.Emit(e.span, Kind::TypeMismatch, TypeText(want), TypeText(x->type));
  return ErrorExpr(e.span);
}

namespace {
// An enum compared with a text literal: the literal becomes the word's index.
bool EnumWord(Checker& c, ir::ExprPtr& literal, ir::Type enum_type, const ast::Expr& source) {
  const auto& words = c.schema().enums[enum_type.enum_id].words;
  const auto* lit = std::get_if<ast::Literal>(&source.node);
  if (lit == nullptr || lit->kind != ast::Literal::Kind::Text) return false;
  for (size_t i = 0; i < words.size(); ++i)
    if (words[i] == lit->text) {
      literal = c.Make(source.span, enum_type, ir::Const{static_cast<int64_t>(i), 1});
      return true;
    }
  std::string list;
  for (const auto& w : words) list += (list.empty() ? "" : ", ") + w;
  auto b = c.emitter().Emit(source.span, Kind::EnumWordUnknown, lit->text, c.schema().enums[enum_type.enum_id].name, list);
  std::string hint = Suggest(lit->text, words);
  if (!hint.empty()) b.Hint(fmt::format("did you mean \"{}\"?", hint)).Fix(source.span, "\"" + hint + "\"");
  literal = c.ErrorExpr(source.span);
  return true;
}
}  // namespace

ir::ExprPtr Checker::Lower(const ast::Expr& e, Scope& scope) {
  source::Span span = e.span;
  using B = ast::Binary::Op;
  auto compare = [&](ir::Compare::Op op, const ast::Expr& le, const ast::Expr& re, ir::ExprPtr l,
                     ir::ExprPtr r) -> ir::ExprPtr {
    if (l->type.kind == K::Enum && r->type.kind == K::Text) EnumWord(*this, r, l->type, re);
    else if (r->type.kind == K::Enum && l->type.kind == K::Text) EnumWord(*this, l, r->type, le);
    if (IsError(l->type) || IsError(r->type)) return ErrorExpr(span);
    if (!Comparable(l->type, r->type) ||
        (op != ir::Compare::Op::Eq && op != ir::Compare::Op::Ne &&
         (l->type.kind == K::Bool || l->type.kind == K::Text || l->type.kind == K::Enum))) {
      emitter_.Emit(span, Kind::UnitMismatch, "compare", TypeText(l->type), TypeText(r->type));
      return ErrorExpr(span);
    }
    return Make(span, T(K::Bool), ir::Compare{op, l, r});
  };
  auto boolean = [&](const ast::Expr& x) { return LowerAs(x, T(K::Bool), scope); };

  return std::visit(
      Overload{
          [&](const ast::Literal& lit) { return ConstOf(lit, span); },
          [&](const ast::EventRef&) { return scope.event; },
          [&](const ast::NameRef& ref) -> ir::ExprPtr {
            if (ref.parts.size() == 1) {
              if (ref.parts[0].text == "self") return Make(span, T(K::Text), ir::Const{Intern(scope.provision_id), 1});
              return LookupName(ref.parts[0], scope);
            }
            const auto& s = module_.schema;
            if (int32_t record = s.FindRecord(ref.parts[0].text); ref.parts.size() == 2 && record >= 0)
              return ListFieldRef(ref, record, span, scope);
            std::string name;
            for (const auto& p : ref.parts) name += (name.empty() ? "" : ".") + p.text;
            auto fact = FactRef(name, span, false);
            if (const auto* load = std::get_if<ir::FactLoad>(&fact->node); load && module_.slots[load->slot].optional)
              return WithSite(fact, scope, name);
            return fact;
          },
          [&](const ast::Unary& u) -> ir::ExprPtr {
            if (u.op == ast::Unary::Op::Not) return Make(span, T(K::Bool), ir::Unary{ir::Unary::Op::Not, boolean(*u.operand)});
            auto x = Lower(*u.operand, scope);
            if (IsError(x->type)) return x;
            if (!IsNumber(x->type) && x->type.kind != K::Money) {
              emitter_.Emit(span, Kind::TypeMismatch, "a number or money", TypeText(x->type));
              return ErrorExpr(span);
            }
            return WithSite(Make(span, x->type, ir::Unary{ir::Unary::Op::Neg, x}), scope, "negation");
          },
          [&](const ast::Binary& b) -> ir::ExprPtr {
            if (b.op == B::And || b.op == B::Or) {
              auto l = boolean(*b.lhs);
              auto r = boolean(*b.rhs);
              return Make(span, T(K::Bool), ir::Logic{b.op == B::And ? ir::Logic::Op::And : ir::Logic::Op::Or, l, r});
            }
            auto l = Lower(*b.lhs, scope);
            auto r = Lower(*b.rhs, scope);
            switch (b.op) {
              case B::Eq: return compare(ir::Compare::Op::Eq, *b.lhs, *b.rhs, l, r);
              case B::Ne: return compare(ir::Compare::Op::Ne, *b.lhs, *b.rhs, l, r);
              case B::Lt: return compare(ir::Compare::Op::Lt, *b.lhs, *b.rhs, l, r);
              case B::Le: return compare(ir::Compare::Op::Le, *b.lhs, *b.rhs, l, r);
              case B::Gt: return compare(ir::Compare::Op::Gt, *b.lhs, *b.rhs, l, r);
              case B::Ge: return compare(ir::Compare::Op::Ge, *b.lhs, *b.rhs, l, r);
              default: break;
            }
            if (IsError(l->type) || IsError(r->type)) return ErrorExpr(span);
            ir::Type type = ArithType(b.op, l->type, r->type);
            if (IsError(type)) {
              auto d = emitter_.Emit(span, Kind::UnitMismatch, OpVerb(b.op), TypeText(l->type), TypeText(r->type));
              if (b.op == B::Div && l->type.kind == K::Int && r->type.kind == K::Int)
                d.Hint("a ratio of two counts is explicit: write ratio(a, b)");
              return ErrorExpr(span);
            }
            // Date ± duration is a date shift.
            if (l->type.kind == K::Duration || r->type.kind == K::Duration) {
              auto date = l->type.kind == K::Date ? l : r;
              auto dur = l->type.kind == K::Duration ? l : r;
              const auto& c = std::get<ir::Const>(dur->node);
              auto unit = static_cast<ast::DurationUnit>(c.b);
              int64_t amount = b.op == B::Sub ? -c.a : c.a;
              ir::DateShift shift{ir::DateShift::Unit::Days, date, amount, -1, -1};
              if (unit == ast::DurationUnit::Months) shift.unit = ir::DateShift::Unit::Months;
              if (unit == ast::DurationUnit::Years) {
                shift.unit = ir::DateShift::Unit::Months;
                shift.amount *= 12;
              }
              if (unit == ast::DurationUnit::WorkingDays) {
                shift.unit = ir::DateShift::Unit::WorkingDays;
                shift.calendar = calendar_;
                if (calendar_ < 0) emitter_.Emit(dur->span, Kind::NoCalendar);
                if (amount < 0) emitter_.Emit(dur->span, Kind::UnitMismatch, "count backwards", "a date", "working days");
              }
              shift.origin_slot = OriginSlot(date);
              return WithSite(Make(span, T(K::Date), shift), scope, "date arithmetic");
            }
            ir::Arith::Op op = b.op == B::Add ? ir::Arith::Op::Add : b.op == B::Sub ? ir::Arith::Op::Sub
                             : b.op == B::Mul ? ir::Arith::Op::Mul : ir::Arith::Op::Div;
            return WithSite(Make(span, type, ir::Arith{op, l, r}), scope, OpVerb(b.op));
          },
          [&](const ast::Within& w) -> ir::ExprPtr {
            auto subject = w.subject ? LowerAs(*w.subject, T(K::Date), scope) : scope.event;
            auto anchor = LowerAs(*w.anchor, T(K::Date), scope);
            if (w.duration.unit == ast::DurationUnit::WorkingDays) {
              emitter_.Emit(w.duration_span, Kind::UnitMismatch, "measure `within`", "a date", "working days");
              return ErrorExpr(span);
            }
            int64_t months = w.duration.unit == ast::DurationUnit::Years ? w.duration.count * 12 : w.duration.count;
            auto unit = w.duration.unit == ast::DurationUnit::Days ? ir::DateShift::Unit::Days : ir::DateShift::Unit::Months;
            auto end = WithSite(Make(span, T(K::Date), ir::DateShift{unit, anchor, months, -1, OriginSlot(anchor)}), scope,
                                "date arithmetic");
            auto lo = Make(span, T(K::Bool), ir::Compare{ir::Compare::Op::Le, anchor, subject});
            auto hi = Make(span, T(K::Bool), ir::Compare{ir::Compare::Op::Le, subject, end});
            return Make(span, T(K::Bool), ir::Logic{ir::Logic::Op::And, lo, hi, /*desugared=*/true});
          },
          [&](const ast::InRange& r) -> ir::ExprPtr {
            auto x = Lower(*r.subject, scope);
            auto lo = compare(ir::Compare::Op::Ge, *r.subject, *r.lo, x, Lower(*r.lo, scope));
            auto hi = compare(ir::Compare::Op::Le, *r.subject, *r.hi, x, Lower(*r.hi, scope));
            return Make(span, T(K::Bool), ir::Logic{ir::Logic::Op::And, lo, hi, /*desugared=*/true});
          },
          [&](const ast::InSet& s) -> ir::ExprPtr {
            auto x = Lower(*s.subject, scope);
            ir::ExprPtr any;
            for (const auto& item : s.items) {
              auto eq = compare(ir::Compare::Op::Eq, *s.subject, *item, x, Lower(*item, scope));
              any = any ? Make(span, T(K::Bool), ir::Logic{ir::Logic::Op::Or, any, eq, /*desugared=*/true}) : eq;
            }
            return any;
          },
          [&](const ast::If& i) -> ir::ExprPtr {
            auto c = Probe(ir::CoveragePoint::Kind::Condition, i.cond->span, boolean(*i.cond));
            auto t = Lower(*i.then_value, scope);
            auto f = LowerAs(*i.else_value, t->type, scope);
            if (IsError(t->type) || IsError(f->type)) return ErrorExpr(span);
            return Make(span, t->type, ir::Select{c, t, f});
          },
          [&](const ast::First& f) -> ir::ExprPtr {
            ir::Type type;
            std::vector<std::pair<ir::ExprPtr, ir::ExprPtr>> arms;
            for (const auto& arm : f.arms) {
              auto c = Probe(ir::CoveragePoint::Kind::Arm, arm.cond->span, boolean(*arm.cond));
              auto v = IsError(type) ? Lower(*arm.value, scope) : LowerAs(*arm.value, type, scope);
              if (IsError(type)) type = v->type;
              arms.emplace_back(c, v);
            }
            ir::ExprPtr result = f.otherwise ? LowerAs(*f.otherwise, type, scope)
                                             : WithSite(Make(span, type, ir::Fail{PRV_NO_TIER}), scope, "no case holds");
            for (auto it = arms.rbegin(); it != arms.rend(); ++it)
              result = Make(span, type, ir::Select{it->first, it->second, result});
            return result;
          },
          [&](const ast::Call& c) -> ir::ExprPtr { return LowerCall(e, c, scope); },
          [&](const ast::ListQuery& q) -> ir::ExprPtr {
            const auto& s = module_.schema;
            int32_t list = s.FindList(q.list.text);
            if (list < 0) {
              emitter_.Emit(q.list.span, Kind::UnknownList, q.list.text, source::DidYouMean(q.list.text, source::NamesOf(s.lists)))
                  .Fix(q.list.span, source::Suggest(q.list.text, source::NamesOf(s.lists)));
              return ErrorExpr(span);
            }
            ir::ExprPtr where;
            if (q.where) {
              scope.queries.push_back(list);
              where = boolean(*q.where);
              scope.queries.pop_back();
            }
            lists_read_.insert(list);
            return Make(span, T(q.any ? K::Bool : K::Int), ir::ListQuery{list, q.any, where});
          },
          [&](const ast::Tier& t) -> ir::ExprPtr { return LowerTier(e, t, scope); },
      },
      e.node);
}

ir::ExprPtr Checker::ListFieldRef(const ast::NameRef& ref, int32_t record, source::Span span, const Scope& scope) {
  const auto& s = module_.schema;
  const auto& rec = s.records[record];
  int32_t field = rec.FindField(ref.parts[1].text);
  if (field < 0) {
    std::string fields;
    for (const auto& f : rec.fields) fields += (fields.empty() ? "" : ", ") + f.name;
    emitter_.Emit(ref.parts[1].span, Kind::UnknownClaimField, rec.name, ref.parts[1].text, fields);
    return ErrorExpr(span);
  }
  if (scope.queries.empty() || s.lists[scope.queries.back()].record != record) {
    std::string list = "LIST";
    for (const auto& l : s.lists)
      if (l.record == record) list = l.name;
    emitter_.Emit(span, Kind::ClaimOutsideQuery, rec.name + "." + ref.parts[1].text, list, list);
    return ErrorExpr(span);
  }
  return Make(span, ir::TypeOf(rec.fields[field]), ir::ListField{scope.queries.back(), field});
}

int32_t Checker::OriginSlot(const ir::ExprPtr& date) {
  if (const auto* load = std::get_if<ir::FactLoad>(&date->node)) return load->slot;
  if (const auto* shift = std::get_if<ir::DateShift>(&date->node)) return shift->origin_slot;
  if (const auto* ref = std::get_if<ir::LetRef>(&date->node)) return OriginSlot(lets_.at(ref->let).value);
  return -1;
}

}  // namespace provisio::sema
