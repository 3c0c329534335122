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
    return fmt::format("({}{} {} {})", l.op == Logic::Op::And ? "and" : "or", l.desugared ? ".in" : "", Expr(l.l), Expr(l.r));
  }
  std::string Node(const ir::Expr&, const Select& s) {
    return fmt::format("(select {} {} {})", Expr(s.cond), Expr(s.then_value), Expr(s.else_value));
  }
  std::string Node(const ir::Expr&, const DateShift& s) {
    static const char* kUnits[] = {"days", "months", "working_days"};
    std::string calendar = s.calendar >= 0 ? " " + m_.calendars[s.calendar].name : "";
    return fmt::format("(shift {} {} {}{})", Expr(s.date), s.amount, kUnits[static_cast<int>(s.unit)], calendar);
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
  std::string Node(const ir::Expr&, const LetRef& r) { return fmt::format("%{}", r.let); }
  std::string Node(const ir::Expr&, const Fail& f) { return fmt::format("(fail {})", f.status); }
  std::string Node(const ir::Expr&, const Probe& p) { return fmt::format("(probe#{} {})", p.point, Expr(p.x)); }

  const Module& m_;
};
}  // namespace

const char* KindWord(CoveragePoint::Kind k) {
  switch (k) {
    case CoveragePoint::Kind::Condition: return "condition";
    case CoveragePoint::Kind::Band: return "band";
    case CoveragePoint::Kind::Arm: return "case";
    case CoveragePoint::Kind::Exception: return "exception";
    case CoveragePoint::Kind::Dated: return "dated value";
  }
  return "?";
}

const char* StateWord(RuleState s) {
  switch (s) {
    case RuleState::Met: return "met";
    case RuleState::Failed: return "failed";
    case RuleState::NotAssessed: return "not_assessed";
    case RuleState::Unseen: return "not_evaluated";
  }
  return "?";
}

std::string DateText(int64_t day) {
  char buf[11] = {};
  prv_date_format(day, buf);
  return buf;
}

namespace {
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}
std::string Window(int64_t from, const std::optional<int64_t>& to) {
  return DateText(from) + " .. " + (to ? DateText(*to) : "");
}
std::string TypeText(const Module& m, Type t) {
  if (t.kind == TypeKind::Enum && t.enum_id >= 0) return "enum " + m.schema.enums[t.enum_id].name;
  return TypeWord(t);
}
}  // namespace

// Everything codegen reads, in a fixed order: the module's tables (slots,
// the enums they use, calendars, strings, sites, coverage points), then each
// provision's decision protocol.
std::string Print(const Module& m, const source::SourceSet& sources) {
  Printer p(m);
  std::string out = fmt::format("module {} {} doc {}\n", m.policy_id, Quoted(m.title), Quoted(m.source_doc));
  std::vector<bool> enum_used(m.schema.enums.size());
  for (size_t i = 0; i < m.slots.size(); ++i) {
    const auto& slot = m.slots[i];
    out += fmt::format("slot {} {}: {}{}\n", i, slot.name, TypeText(m, slot.type), slot.optional ? " optional" : "");
    if (slot.type.kind == TypeKind::Enum && slot.type.enum_id >= 0) enum_used[slot.type.enum_id] = true;
  }
  for (size_t i = 0; i < m.schema.enums.size(); ++i) {
    if (!enum_used[i]) continue;
    std::string words;
    for (const auto& w : m.schema.enums[i].words) words += (words.empty() ? "" : ", ") + w;
    out += fmt::format("enum {} [{}]\n", m.schema.enums[i].name, words);
  }
  for (const auto& c : m.calendars) {
    size_t working = 0;
    for (uint8_t d : c.working) working += d;
    out += fmt::format("calendar {} from {}: {} days, {} working\n", c.name, DateText(c.first_day), c.working.size(), working);
  }
  for (size_t i = 0; i < m.strings.size(); ++i) out += fmt::format("string {} {}\n", i, Quoted(m.strings[i]));
  for (size_t i = 0; i < m.sites.size(); ++i)
    out += fmt::format("site {} {} in {} at {}\n", i, Quoted(m.sites[i].what), m.sites[i].provision,
                       source::Location(sources, m.sites[i].span));
  for (size_t i = 0; i < m.coverage.size(); ++i) {
    const auto& c = m.coverage[i];
    out += fmt::format("point {} {} of {} at {}{}\n", i, KindWord(c.kind), m.provisions.at(c.provision).id,
                       source::Location(sources, c.span), c.cite.empty() ? "" : " cite " + Quoted(c.cite));
  }
  for (const auto& prov : m.provisions) {
    out += fmt::format("provision {} cite {} window {}\n", prov.id, Quoted(prov.cite), Window(prov.window_from, prov.window_to));
    out += "  event " + p.Expr(prov.event) + "\n";
    for (size_t i = 0; i < prov.lets.size(); ++i)
      out += fmt::format("  let %{} {}: {} = {}\n", i, prov.lets[i].name, TypeText(m, prov.lets[i].type), p.Expr(prov.lets[i].value));
    if (prov.grant) out += "  grant " + p.Expr(prov.grant) + "\n";
    for (size_t i = 0; i < prov.rules.size(); ++i) {
      const auto& r = prov.rules[i];
      std::string guards;
      for (int32_t g : r.guards) guards += (guards.empty() ? "" : ", ") + std::to_string(g);
      out += fmt::format("  rule {} {} cite {} reason {}{} = {}\n", i, r.name, Quoted(r.cite), Quoted(r.reason),
                         guards.empty() ? "" : " guards [" + guards + "]", p.Expr(r.cond));
    }
    for (const auto& o : prov.outputs)
      out += fmt::format("  output {}: {}{} = {}\n", o.name, TypeText(m, o.type),
                         o.when_ineligible == Output::WhenIneligible::Zero ? " zero-when-ineligible" : "", p.Expr(o.value));
    std::string slots, lists;
    for (int32_t s : prov.needed_slots) slots += (slots.empty() ? "" : ", ") + std::to_string(s);
    for (int32_t l : prov.lists_read) lists += (lists.empty() ? "" : ", ") + m.schema.lists[l].name;
    out += fmt::format("  reads slots [{}] lists [{}]\n", slots, lists);
  }
  return out;
}

}  // namespace provisio::ir
