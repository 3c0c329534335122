#include "doc/words.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "ir/print.h"
#include "provisio/runtime.h"

namespace provisio::doc {

namespace {

bool HasChinese(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE3) return true;  // U+3000 and above: CJK punctuation, kana, ideographs
  return false;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Looks through coverage probes, which say nothing of the value.
const ir::Expr& Bare(const ir::Expr& e) {
  if (const auto* p = std::get_if<ir::Probe>(&e.node)) return Bare(*p->x);
  return e;
}

}  // namespace

std::string Label(const std::string& description, const std::string& fallback) {
  size_t end = description.size();
  for (const char* stop : {" (", "; ", ", ", ": ", "（", "："}) end = std::min(end, description.find(stop));
  for (size_t i = 0; i + 1 < end; ++i)
    if (description[i] == ' ' && IsAsciiLetter(description[i + 1])) end = i;
  std::string label = description.substr(0, end);
  std::erase(label, '"');
  while (!label.empty() && label.back() == ' ') label.pop_back();
  return HasChinese(label) ? label : fallback;
}

std::string DateWords(int64_t day) {
  int64_t y, m, d;
  prv_date_to_ymd(day, &y, &m, &d);
  return fmt::format("{}年{}月{}日", y, m, d);
}

Words::Words(const ir::Module& module, const ir::Provision& provision, const std::map<std::string, std::string>& titles)
    : m_(module), p_(provision), titles_(titles) {}

std::string Words::Fact(int32_t slot) const {
  const auto& s = m_.slots[slot];
  return s.fact >= 0 ? Label(m_.schema.facts[s.fact].description, s.name) : s.name;
}

std::string Words::Const(ir::Type type, int64_t a, int64_t b) const {
  char buf[64];
  switch (type.kind) {
    case ir::TypeKind::Money: {
      uint64_t v = a < 0 ? 0 - static_cast<uint64_t>(a) : static_cast<uint64_t>(a);
      std::string yuan = fmt::format("{}{}", a < 0 ? "-" : "", v / 100);
      return v % 100 ? fmt::format("{}.{:02}元", yuan, v % 100) : yuan + "元";
    }
    case ir::TypeKind::Rate:
      // As a percentage, exactly when it can be (a rate's denominator is small).
      if (a <= INT64_MAX / 100 && a >= INT64_MIN / 100) return std::string(buf, prv_ratio_format(a * 100, b, buf)) + "%";
      return std::string(buf, prv_ratio_format(a, b, buf));
    case ir::TypeKind::Decimal: return std::string(buf, prv_ratio_format(a, b, buf));
    case ir::TypeKind::Int: return std::to_string(a);
    case ir::TypeKind::Bool: return a ? "是" : "否";
    case ir::TypeKind::Date: return DateWords(a);
    case ir::TypeKind::Enum: {
      const auto& e = m_.schema.enums[type.enum_id];
      size_t i = static_cast<size_t>(a);
      return i < e.labels.size() && !e.labels[i].empty() ? e.labels[i] : i < e.words.size() ? e.words[i] : "?";
    }
    case ir::TypeKind::Text: {
      const std::string& text = m_.strings.at(static_cast<size_t>(a));
      auto title = titles_.find(text);
      return title != titles_.end() ? "「" + title->second + "」" : "“" + text + "”";
    }
    default: return "?";
  }
}

std::string Words::Compare(const ir::Compare& c, ir::Type operand) const {
  using Op = ir::Compare::Op;
  const auto* k = std::get_if<ir::Const>(&Bare(*c.r).node);
  if (operand.kind == ir::TypeKind::Bool && k) {
    bool holds = (c.op == Op::Eq) == (k->a != 0);
    return holds ? Of(*c.l) : "并非" + Of(*c.l);
  }
  const char* words[6];  // Eq, Ne, Lt, Le, Gt, Ge
  auto set = [&](std::initializer_list<const char*> w) { std::copy(w.begin(), w.end(), words); };
  switch (operand.kind) {
    case ir::TypeKind::Date: set({"为", "不为", "早于", "不晚于", "晚于", "不早于"}); break;
    case ir::TypeKind::Int: set({"等于", "不等于", "少于", "不超过", "多于", "不少于"}); break;
    case ir::TypeKind::Enum:
    case ir::TypeKind::Text: set({"为", "不为", "", "", "", ""}); break;
    default: set({"等于", "不等于", "低于", "不高于", "高于", "不低于"});
  }
  return Of(*c.l) + words[static_cast<int>(c.op)] + Of(*c.r);
}

// What `e` shows as: through probes and the names of values that have no title of their own.
const ir::Expr& Words::Shown(const ir::Expr& e) const {
  const ir::Expr& x = Bare(e);
  if (const auto* r = std::get_if<ir::LetRef>(&x.node)) {
    const auto& let = p_.lets.at(r->let);
    if (let.title.empty() && !IsOutput(let.name)) return Shown(*let.value);
  }
  return x;
}

bool Words::IsOutput(const std::string& name) const {
  for (const auto& o : p_.outputs)
    if (o.name == name) return true;
  return false;
}

std::string Words::Grouped(const ir::Expr& e, ir::Logic::Op parent) const {
  const auto* l = std::get_if<ir::Logic>(&Shown(e).node);
  if (l && !l->desugared && l->op != parent) return "（" + Of(e) + "）";
  return Of(e);
}

std::string Words::Logic(const ir::Logic& l) const {
  using Op = ir::Logic::Op;
  if (l.desugared) {
    const auto* a = std::get_if<ir::Compare>(&Bare(*l.l).node);
    const auto* b = std::get_if<ir::Compare>(&Bare(*l.r).node);
    // `x in lo .. hi`
    if (l.op == Op::And && a && b && Of(*a->l) == Of(*b->l) && a->op == ir::Compare::Op::Ge &&
        (b->op == ir::Compare::Op::Le || b->op == ir::Compare::Op::Lt))
      return fmt::format("{}为{}至{}{}", Of(*a->l), Of(*a->r), Of(*b->r), b->op == ir::Compare::Op::Lt ? "（不含）" : "");
    // `x in [a, b, c]`
    if (l.op == Op::Or) {
      std::vector<const ir::Expr*> items;
      std::string subject;
      bool plain = true;
      std::function<void(const ir::Expr&)> collect = [&](const ir::Expr& e) {
        const ir::Expr& x = Bare(e);
        if (const auto* o = std::get_if<ir::Logic>(&x.node); o && o->desugared && o->op == Op::Or) {
          collect(*o->l);
          collect(*o->r);
        } else if (const auto* c = std::get_if<ir::Compare>(&x.node); c && c->op == ir::Compare::Op::Eq &&
                                                                        (subject.empty() || subject == Of(*c->l))) {
          subject = Of(*c->l);
          items.push_back(c->r.get());
        } else {
          plain = false;
        }
      };
      collect(Bare(*l.l));
      collect(Bare(*l.r));
      if (plain && items.size() > 1) {
        std::string words = subject + "为";
        for (size_t i = 0; i < items.size(); ++i)
          words += (i == 0 ? "" : i + 1 == items.size() ? "或" : "、") + Of(*items[i]);
        return words;
      }
    }
  }
  return Grouped(*l.l, l.op) + (l.op == Op::And ? "，且" : "，或") + Grouped(*l.r, l.op);
}

const ir::Expr& Words::Definition(const ir::Expr& e) const {
  if (const auto* r = std::get_if<ir::LetRef>(&Bare(e).node)) return *p_.lets.at(r->let).value;
  return e;
}

std::string Words::Band(const ir::Expr& cond) const {
  std::string lo, hi;
  bool lo_in = true, hi_in = true, dates = false;
  std::function<void(const ir::Expr&)> part = [&](const ir::Expr& e) {
    const ir::Expr& x = Bare(e);
    if (const auto* l = std::get_if<ir::Logic>(&x.node)) {
      part(*l->l);
      part(*l->r);
    } else if (const auto* c = std::get_if<ir::Compare>(&x.node)) {
      const auto* k = std::get_if<ir::Const>(&Bare(*c->r).node);
      dates = c->r->type.kind == ir::TypeKind::Date;
      if (c->op == ir::Compare::Op::Ge || c->op == ir::Compare::Op::Gt) {
        lo = Of(*c->r);
        lo_in = c->op == ir::Compare::Op::Ge;
      } else if (c->op == ir::Compare::Op::Lt && k && c->r->type.kind == ir::TypeKind::Int) {
        hi = std::to_string(k->a - 1);  // a whole number below N is at most N - 1
      } else {
        hi = Of(*c->r);
        hi_in = c->op == ir::Compare::Op::Le;
      }
    }
  };
  part(cond);
  if (lo.empty() && hi.empty()) return dates ? "始终" : "任何值";
  if (dates) return lo.empty() ? "至" + hi : hi.empty() ? lo + "起" : lo + "至" + hi;
  if (lo.empty()) return hi_in ? hi + "及以下" : "低于" + hi;
  if (hi.empty()) return lo_in ? lo + "及以上" : "高于" + lo;
  if (lo == hi && lo_in && hi_in) return lo;
  if (lo_in && hi_in) return lo + "至" + hi;
  return fmt::format("{}{}至{}{}", lo, lo_in ? "（含）" : "（不含）", hi, hi_in ? "（含）" : "（不含）");
}

Table Words::TableOf(const ir::Expr& e) const {
  Table t;
  const ir::Expr* x = &Bare(Definition(e));
  while (const auto* s = std::get_if<ir::Select>(&x->node)) {
    const auto* probe = std::get_if<ir::Probe>(&s->cond->node);
    if (!probe) break;
    auto kind = m_.coverage.at(probe->point).kind;
    if (kind == ir::CoveragePoint::Kind::Band) {
      if (t.key.empty())
        if (const auto* c = std::get_if<ir::Compare>(&Bare(*probe->x).node)) t.key = Of(*c->l);
        else if (const auto* l = std::get_if<ir::Logic>(&Bare(*probe->x).node))
          if (const auto* c2 = std::get_if<ir::Compare>(&Bare(*l->l).node)) t.key = Of(*c2->l);
      t.rows.emplace_back(Band(*probe->x), Of(*s->then_value));
    } else if (kind == ir::CoveragePoint::Kind::Dated) {
      t.key = "判定日期";
      t.dated = true;
      t.rows.emplace_back(Band(*probe->x), Of(*s->then_value));
    } else if (kind == ir::CoveragePoint::Kind::Arm) {
      t.rows.emplace_back(Of(*probe->x), Of(*s->then_value));
    } else {
      break;
    }
    x = &Bare(*s->else_value);
  }
  if (t.rows.empty()) return {};
  if (!std::holds_alternative<ir::Fail>(x->node)) t.rows.emplace_back("其他情形", Of(*x));
  return t;
}

std::string Words::Of(const ir::Expr& e) const {
  using namespace ir;
  return std::visit(
      [&](const auto& n) -> std::string {
        using N = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<N, ir::Const>) return Const(e.type, n.a, n.b);
        else if constexpr (std::is_same_v<N, FactLoad>) return Fact(n.slot);
        else if constexpr (std::is_same_v<N, FactPresent>) return "有" + Fact(n.slot);
        else if constexpr (std::is_same_v<N, ListField>) {
          const auto& f = m_.schema.records[m_.schema.lists[n.list].record].fields[n.field];
          return Label(f.description, f.name);
        } else if constexpr (std::is_same_v<N, Unary>) {
          if (n.op == Unary::Op::Neg) return "－" + Of(*n.x);
          if (const auto* q = std::get_if<ListQuery>(&Shown(*n.x).node); q && q->any && q->where) {
            const auto& list = m_.schema.lists[q->list];
            return fmt::format("{}中没有{}的记录", Label(list.description, list.name), Of(*q->where));
          }
          const bool compound = std::holds_alternative<ir::Logic>(Shown(*n.x).node);
          return compound ? "并非（" + Of(*n.x) + "）" : "并非" + Of(*n.x);
        } else if constexpr (std::is_same_v<N, Arith>) {
          static const char* ops[] = {" ＋ ", " － ", " × ", " ÷ "};
          auto side = [&](const ExprPtr& x) {
            const ir::Expr& shown = Shown(*x);
            const auto* a = std::get_if<Arith>(&shown.node);
            bool loose = (a && (a->op == Arith::Op::Add || a->op == Arith::Op::Sub) &&
                          (n.op == Arith::Op::Mul || n.op == Arith::Op::Div)) ||
                         std::holds_alternative<Select>(shown.node);
            return loose ? "（" + Of(*x) + "）" : Of(*x);
          };
          return side(n.l) + ops[static_cast<int>(n.op)] + side(n.r);
        } else if constexpr (std::is_same_v<N, ir::Compare>) return Compare(n, n.l->type);
        else if constexpr (std::is_same_v<N, ir::Logic>) return Logic(n);
        else if constexpr (std::is_same_v<N, Select>) {
          if (const auto* probe = std::get_if<Probe>(&n.cond->node);
              probe && m_.coverage.at(probe->point).kind == CoveragePoint::Kind::Exception) {
            const auto& point = m_.coverage[probe->point];
            return fmt::format("{}；例外（{}）：{}时为{}", Of(*n.else_value), point.cite.empty() ? p_.cite : point.cite,
                               Of(*probe->x), Of(*n.then_value));
          }
          Table t = TableOf(e);
          if (t.dated) {  // a parameter's values over time, inline: （2023年1月1日至2024年6月30日：5.5%；…）
            std::string words;
            for (const auto& [when, value] : t.rows) words += (words.empty() ? "" : "；") + when + "：" + value;
            return "（" + words + "）";
          }
          if (!t.rows.empty()) return t.key.empty() ? "按情形（见下表）" : "按" + t.key + "分档（见下表）";
          if (e.type.kind == TypeKind::Bool)  // a condition that depends on a case
            return fmt::format("{}的，{}；否则{}", Of(*n.cond), Of(*n.then_value), Of(*n.else_value));
          return fmt::format("{}时为{}，否则为{}", Of(*n.cond), Of(*n.then_value), Of(*n.else_value));
        } else if constexpr (std::is_same_v<N, DateShift>) {
          int64_t k = n.amount < 0 ? -n.amount : n.amount;
          std::string span = n.unit == DateShift::Unit::WorkingDays ? fmt::format("{}个工作日", k)
                             : n.unit == DateShift::Unit::Days      ? fmt::format("{}天", k)
                             : k % 12 == 0                          ? fmt::format("{}年", k / 12)
                                                                    : fmt::format("{}个月", k);
          return Of(*n.date) + (n.amount < 0 ? "前" : "后") + span;
        } else if constexpr (std::is_same_v<N, Builtin>) {
          auto constant = [&](size_t i) { return std::holds_alternative<ir::Const>(Bare(*n.args[i]).node); };
          switch (n.fn) {
            case Builtin::Fn::Age:
              if (n.args.size() < 2 || n.args[1] == p_.event || Of(*n.args[1]) == Of(*p_.event)) return "年龄（周岁）";
              return fmt::format("{}时的年龄（周岁）", Of(*n.args[1]));
            case Builtin::Fn::Year: return Of(*n.args[0]) + "所在年份";
            case Builtin::Fn::Round: return Of(*n.args[0]) + "（四舍五入取整）";
            case Builtin::Fn::Max:
              if (n.args.size() == 2 && constant(0)) return fmt::format("{}（最低{}）", Of(*n.args[1]), Of(*n.args[0]));
              if (n.args.size() == 2 && constant(1)) return fmt::format("{}（最低{}）", Of(*n.args[0]), Of(*n.args[1]));
              break;
            case Builtin::Fn::Min:
              if (n.args.size() == 2 && constant(0)) return fmt::format("{}（最高{}）", Of(*n.args[1]), Of(*n.args[0]));
              if (n.args.size() == 2 && constant(1)) return fmt::format("{}（最高{}）", Of(*n.args[0]), Of(*n.args[1]));
              break;
          }
          std::string all;
          for (const auto& a : n.args) all += (all.empty() ? "" : "、") + Of(*a);
          return fmt::format("{}中{}者", all, n.fn == Builtin::Fn::Max ? "较大" : "较小");
        } else if constexpr (std::is_same_v<N, ListQuery>) {
          const auto& list = m_.schema.lists[n.list];
          std::string name = Label(list.description, list.name);
          if (!n.where) return n.any ? name + "不为空" : name + "的记录数";
          return n.any ? fmt::format("{}中有{}的记录", name, Of(*n.where)) : fmt::format("{}中{}的记录数", name, Of(*n.where));
        } else if constexpr (std::is_same_v<N, LetRef>) {
          // An output by its name (its value is told under it), a titled value by its title.
          const auto& let = p_.lets.at(n.let);
          if (!let.title.empty()) return let.title;
          return IsOutput(let.name) ? let.name : Of(*let.value);
        } else if constexpr (std::is_same_v<N, Fail>) return "（不在任何档次）";
        else if constexpr (std::is_same_v<N, Probe>) return Of(*n.x);
        else return "?";
      },
      e.node);
}

}  // namespace provisio::doc
