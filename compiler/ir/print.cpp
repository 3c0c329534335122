#include "ir/print.h"

#include <fmt/format.h>

#include "provisio/runtime.h"

namespace provisio::ir {

namespace {
const char* TypeWord(Type t) {
  switch (t.kind) {
    case TypeKind::Error: return "error";
    case TypeKind::Bool: return "bool";
    case TypeKind::Int: return "int";
    case TypeKind::Decimal: return "decimal";
    case TypeKind::Rate: return "rate";
    case TypeKind::Money: return "money";
    case TypeKind::Date: return "date";
    case TypeKind::Text: return "text";
    case TypeKind::Enum: return "enum";
    case TypeKind::Duration: return "duration";
  }
  return "?";
}

class Printer {
 public:
  explicit Printer(const Module& m) : m_(m) {}

  std::string Expr(const ExprPtr& e) {
    if (!e) return "_";
    return std::visit([&](const auto& n) { return Node(*e, n); }, e->node);
  }

 private:
  std::string Node(const ir::Expr& e, const Const& c) {
    if (e.type.IsRatio()) return fmt::format("{}/{}:{}", c.a, c.b, TypeWord(e.type));
    if (e.type.kind == TypeKind::Text) return fmt::format("\"{}\"", m_.strings[c.a]);
    return fmt::format("{}:{}", c.a, TypeWord(e.type));
  }
  std::string Node(const ir::Expr&, const FactLoad& f) { return "fact(" + m_.slots[f.slot].name + ")"; }
  std::string Node(const ir::Expr&, const FactPresent& f) { return "present(" + m_.slots[f.slot].name + ")"; }
  std::string Node(const ir::Expr&, const ListField& f) {
    const auto& record = m_.schema.records[m_.schema.lists[f.list].record];
    return record.name + "." + record.fields[f.field].name;
  }
  std::string Node(const ir::Expr&, const Unary& u) {
    return fmt::format("({} {})", u.op == Unary::Op::Neg ? "neg" : "not", Expr(u.x));
  }
  std::string Node(const ir::Expr& e, const Arith& a) {
    static const char* kOps[] = {"add", "sub", "mul", "div"};
    return fmt::format("({}.{} {} {})", kOps[static_cast<int>(a.op)], TypeWord(e.type), Expr(a.l), Expr(a.r));
  }
  std::string Node(const ir::Expr&, const Compare& c) {
    static const char* kOps[] = {"eq", "ne", "lt", "le", "gt", "ge"};
    return fmt::format("({} {} {})", kOps[static_cast<int>(c.op)], Expr(c.l), Expr(c.r));
  }
  std::string Node(const ir::Expr&, const Logic& l) {
    return fmt::format("({} {} {})", l.op == Logic::Op::And ? "and" : "or", Expr(l.l), Expr(l.r));
  }
  std::string Node(const ir::Expr&, const Select& s) {
    return fmt::format("(select {} {} {})", Expr(s.cond), Expr(s.then_value), Expr(s.else_value));
  }
  std::string Node(const ir::Expr&, const DateShift& s) {
    static const char* kUnits[] = {"days", "months", "working_days"};
    return fmt::format("(shift {} {} {})", Expr(s.date), s.amount, kUnits[static_cast<int>(s.unit)]);
  }
  std::string Node(const ir::Expr&, const Builtin& b) {
    static const char* kFns[] = {"age", "year", "round", "max", "min"};
    std::string s = fmt::format("({}", kFns[static_cast<int>(b.fn)]);
    for (const auto& a : b.args) s += " " + Expr(a);
    return s + ")";
  }
  std::string Node(const ir::Expr&, const ListQuery& q) {
    return fmt::format("({} {} {})", q.any ? "any" : "count", m_.schema.lists[q.list].name, Expr(q.where));
  }
  std::string Node(const ir::Expr&, const Fail& f) { return fmt::format("(fail {})", f.status); }
  std::string Node(const ir::Expr&, const Probe& p) { return fmt::format("(probe#{} {})", p.point, Expr(p.x)); }

  const Module& m_;
};
}  // namespace

namespace {
}  // namespace

std::string DateText(int64_t day) {
  char buf[11] = {};
  prv_date_format(day, buf);
  return buf;
}

std::string Print(const Module& m, const source::SourceSet&) {
  Printer p(m);
  std::string out = fmt::format("module {}\n", m.policy_id);
  for (const auto& prov : m.provisions) {
    out += fmt::format("provision {} cite \"{}\" window {} .. {}\n", prov.id, prov.cite, DateText(prov.window_from),
                       prov.window_to ? DateText(*prov.window_to) : "");
    out += "  event " + p.Expr(prov.event) + "\n";
    if (prov.grant) out += "  grant " + p.Expr(prov.grant) + "\n";
    for (const auto& r : prov.rules) out += "  rule " + p.Expr(r.cond) + "\n";
    for (const auto& o : prov.outputs) out += fmt::format("  output {}: {} = {}\n", o.name, TypeWord(o.type), p.Expr(o.value));
  }
  return out;
}

}  // namespace provisio::ir
