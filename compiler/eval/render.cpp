#include "eval/render.h"

#include "ir/print.h"

#include <fmt/format.h>


namespace provisio::eval {

using ir::DateText;
using source::Location;

std::string OneLine(const std::string& text, size_t limit) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out.size() > limit ? out.substr(0, limit - 3) + "..." : out;
}

void RenderValue(const schema::Schema& schema, ir::Type type, int64_t a, int64_t b, const facts::Interner& strings,
                 std::string& out) {
  char buf[64];
  switch (type.kind) {
    case ir::TypeKind::Money: out.assign(buf, prv_money_format(a, buf)); break;
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: out.assign(buf, prv_ratio_format(a, b, buf)); break;
    default: out = RenderValue(schema, type, a, b, strings);
  }
}

std::string RenderValue(const schema::Schema& schema, ir::Type type, int64_t a, int64_t b, const facts::Interner& strings) {
  char buf[64];
  switch (type.kind) {
    case ir::TypeKind::Money: return std::string(buf, prv_money_format(a, buf));
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: return std::string(buf, prv_ratio_format(a, b, buf));
    case ir::TypeKind::Int: return std::to_string(a);
    case ir::TypeKind::Bool: return a ? "true" : "false";
    case ir::TypeKind::Date: return "\"" + DateText(a) + "\"";
    case ir::TypeKind::Text: return JsonString(strings.Text(a));
    case ir::TypeKind::Enum: return JsonString(schema.enums[type.enum_id].words.at(a));
    default: return "null";
  }
}

namespace {
// The fact the event date is read from, when it is a plain fact.
std::string EventName(const CompiledPolicy& policy, const ir::Provision& p) {
  if (const auto* load = std::get_if<ir::FactLoad>(&p.event->node)) return policy.module.slots[load->slot].name;
  return "the event date";
}
std::string EventValue(const CompiledPolicy& policy, const ir::Provision& p, const facts::Record& rec) {
  if (const auto* load = std::get_if<ir::FactLoad>(&p.event->node)) return DateText(rec.values[2 * load->slot]);
  return "";
}
}  // namespace

std::string Reason(const CompiledPolicy& policy, const ir::Provision& p, const Ground& ground, const facts::Record& rec) {
  if (ground.rule < 0) {
    return fmt::format("{}: {} {} is outside the effective window {} .. {}", p.cite, EventName(policy, p),
                       EventValue(policy, p, rec), DateText(p.window_from),
                       p.window_to ? DateText(*p.window_to) : "");
  }
  const auto& rule = p.rules.at(ground.rule);
  if (ground.assessed) return fmt::format("{}: not met: {}", rule.cite, rule.reason);
  const auto& first = p.rules.at(ground.waits_on);
  return fmt::format("{}: not assessed: {} (it depends on {}: {}, which is not met)", rule.cite, rule.reason, first.cite,
                     first.reason);
}

std::string FactNamed(const ir::Module& m, const prv_result& res) {
  if (res.error_list < 0) return res.error_fact >= 0 ? m.slots[res.error_fact].name : "";
  const std::string& list = m.schema.lists[res.error_list].name;
  if (res.error_field < 0) return list;
  return fmt::format("{}[{}].{}", list, res.error_element,
                     m.schema.records[m.schema.lists[res.error_list].record].fields[res.error_field].name);
}

std::string RunTimeError(const CompiledPolicy& policy, const ir::Provision& p, const prv_result& res,
                         const facts::Record& rec) {
  const auto& m = policy.module;
  std::string fact = FactNamed(m, res);
  std::string where;
  if (res.error_site >= 0) {
    const auto& site = m.sites[res.error_site];
    where = fmt::format(" ({} in {} at {})", site.what, p.id, Location(policy.sources, site.span));
  }
  switch (res.error_status) {
    case PRV_MISSING_FACT:
      if (res.error_list >= 0 && res.error_field < 0) return fmt::format("missing fact {} (give [] for none)", fact);
      return "missing fact " + fact;
    case PRV_BAD_FACT: return fmt::format("fact {}: the value lies outside its type or declared range", fact);
    case PRV_CALENDAR_RANGE:
      if (fact.empty()) return "counting working days leaves the holiday calendar's years" + where;
      return fmt::format("fact {}: {} counted in working days leaves the holiday calendar's years{}", fact,
                         DateText(rec.values[2 * res.error_fact]), where);
    case PRV_DATE_RANGE:
      return fmt::format("{}a date beyond the years 1..9999{}", fact.empty() ? "" : "fact " + fact + ": ", where);
    case PRV_OVERFLOW: return "the result is too large to hold exactly" + where;
    case PRV_DIV_ZERO: return "division by zero" + where;
    case PRV_NO_TIER: return "the value falls in no tier band" + where;
    case PRV_NOT_IN_FORCE:
      return fmt::format("no value in force on {} {}{}", EventName(policy, p), EventValue(policy, p, rec), where);
    default: return "evaluation failed" + where;
  }
}

}  // namespace provisio::eval
