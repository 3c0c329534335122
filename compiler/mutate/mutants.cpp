#include "mutate/mutants.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "ir/print.h"
#include "ir/walk.h"
#include "provisio/runtime.h"

namespace provisio::mutate {

namespace {
using namespace ir;

ExprPtr With(const Expr& like, decltype(Expr::node) node) {
  auto e = std::make_shared<Expr>(like);
  e->node = std::move(node);
  return e;
}

// A value as the policy writes it (`percent`: a ratio written with `%`).
std::string ValueText(Type t, int64_t a, int64_t b, bool percent) {
  char buf[64];
  switch (t.kind) {
    case TypeKind::Money: return std::string(buf, prv_money_format(a, buf)) + "元";
    case TypeKind::Rate:
      if (percent && a <= INT64_MAX / 100 && a >= INT64_MIN / 100) return std::string(buf, prv_ratio_format(a * 100, b, buf)) + "%";
      return std::string(buf, prv_ratio_format(a, b, buf));
    case TypeKind::Decimal: return std::string(buf, prv_ratio_format(a, b, buf));
    case TypeKind::Date: return DateText(a);
    default: return std::to_string(a);
  }
}

// One unit of a decimal's last written digit ("5.5%" → 0.1%, "0.055" → 0.001), as num/den; den 0: not a literal.
std::pair<int64_t, int64_t> LastDigit(std::string_view text) {
  bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  size_t dot = text.find('.');
  int64_t den = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == dot) continue;
    if (text[i] < '0' || text[i] > '9') return {0, 0};
    if (dot != std::string_view::npos && i > dot) den *= 10;
  }
  if (text.empty()) return {0, 0};
  return {1, percent ? den * 100 : den};
}

const char* OpText(Compare::Op op) {
  static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
  return kOps[static_cast<int>(op)];
}

bool Holds(Compare::Op op, int64_t l, int64_t r) {
  switch (op) {
    case Compare::Op::Eq: return l == r;
    case Compare::Op::Ne: return l != r;
    case Compare::Op::Lt: return l < r;
    case Compare::Op::Le: return l <= r;
    case Compare::Op::Gt: return l > r;
    case Compare::Op::Ge: return l >= r;
  }
  return false;
}

class Maker {
 public:
  Maker(const Module& m, const source::SourceSet& sources, std::vector<Mutant>& out) : m_(m), sources_(sources), out_(out) {}

  void Provision(int index) {
    index_ = index;
    seen_.clear();
    copies_.clear();
    shadowed_.clear();
    const auto& p = m_.provisions[index];
    std::set<const Expr*> visited;
    std::function<void(const ExprPtr&)> bands = [&](const ExprPtr& e) {
      if (!e || !visited.insert(e.get()).second) return;
      Shadowed(*e);
      ForEachChild(*e, bands);
    };
    ForEachRoot(p, bands);
    ForEachRoot(p, [&](const ExprPtr& root) { Walk(root, nullptr); });
    for (size_t r = 0; r < p.rules.size(); ++r) {
      Add(p.rules[r].span, fmt::format("condition `{}` negated", p.rules[r].name), [&](Mutant& mu) { mu.rule = static_cast<int>(r); });
      Add(p.rules[r].span, fmt::format("condition `{}` dropped", p.rules[r].name), [&](Mutant& mu) {
        mu.rule = static_cast<int>(r);
        mu.drop = true;
      });
    }
    for (int d : {-1, 1}) {
      Add(p.span, fmt::format("window start {} → {}", DateText(p.window_from), DateText(p.window_from + d)),
          [&](Mutant& mu) { mu.window_from = d; });
      if (p.window_to)
        Add(p.span, fmt::format("window end {} → {}", DateText(*p.window_to), DateText(*p.window_to + d)),
            [&](Mutant& mu) { mu.window_to = d; });
    }
  }

 private:
  // A reason written in the policy, on the mutant's line or the line above:
  // `// equivalent mutant 3 → 2: level 2 is refused by the condition above`.
  std::string Marked(source::Span span, const std::string& change) const {
    const auto& file = sources_.Get(span.file);
    uint32_t line = file.Locate(span.begin).line;
    std::string mark = "equivalent mutant " + change + ":";
    for (uint32_t l = line; l + 1 >= line && l >= 1; --l) {
      std::u32string_view text = file.Line(l);
      std::string utf8 = source::EncodeUtf8(text);
      if (size_t at = utf8.find(mark); at != std::string::npos) {
        std::string why = utf8.substr(at + mark.size());
        while (!why.empty() && why.front() == ' ') why.erase(0, 1);
        return "marked in the policy: " + why;
      }
      if (l == 1) break;
    }
    return "";
  }

  template <class F>
  void Add(source::Span span, std::string change, F&& set, std::string equivalent = "") {
    if (equivalent.empty()) equivalent = Marked(span, change);
    Mutant mu;
    mu.provision = index_;
    mu.span = span;
    mu.change = std::move(change);
    mu.equivalent = std::move(equivalent);
    set(mu);
    out_.push_back(std::move(mu));
  }
  // A node replaced; a second copy of the same text (a parameter read twice) joins the first's mutant.
  void Replace(const Expr& e, ExprPtr by, std::string change, std::string equivalent = "") {
    auto key = std::make_tuple(e.span.file, e.span.begin, e.span.end, change);
    if (auto it = copies_.find(key); it != copies_.end()) {
      out_[it->second].replace.emplace_back(&e, std::move(by));
      return;
    }
    copies_.emplace(key, out_.size());
    Add(e.span, std::move(change), [&](Mutant& mu) { mu.replace.emplace_back(&e, std::move(by)); }, std::move(equivalent));
  }

  // A tier's bands are tried in order: a band's lower bound moved down into
  // the band before it changes nothing. Notes those bounds (shadowed_).
  void Shadowed(const Expr& e) {
    const Expr* prev_hi = nullptr;
    for (const Expr* x = &e; const auto* s = std::get_if<Select>(&x->node); x = s->else_value.get()) {
      const auto* probe = std::get_if<Probe>(&s->cond->node);
      if (!probe || m_.coverage.at(probe->point).kind != CoveragePoint::Kind::Band) return;
      const Expr *lo = nullptr, *hi = nullptr;
      std::function<void(const Expr&)> bounds = [&](const Expr& b) {
        if (const auto* l = std::get_if<Logic>(&b.node)) {
          bounds(*l->l);
          bounds(*l->r);
        } else if (const auto* c = std::get_if<Compare>(&b.node)) {
          (c->op == Compare::Op::Ge || c->op == Compare::Op::Gt ? lo : hi) = c->r.get();
        }
      };
      bounds(*probe->x);
      const auto* a = lo ? std::get_if<Const>(&lo->node) : nullptr;
      const auto* b = prev_hi ? std::get_if<Const>(&prev_hi->node) : nullptr;
      if (a && b && prv_ratio_cmp(a->a, a->b, b->a, b->b) == 0) shadowed_.insert(lo);
      prev_hi = hi;
    }
  }

  // Why `l op r` and `l op' r'` agree on every value `l` is declared to take, or "".
  std::string SameOnRange(const Compare& c, Compare::Op op, int64_t r) const {
    const auto* load = std::get_if<FactLoad>(&c.l->node);
    const auto* k = std::get_if<Const>(&c.r->node);
    if (!load || !k || c.l->type.kind != TypeKind::Int) return "";
    const auto& slot = m_.slots[load->slot];
    if (slot.fact < 0) return "";
    const auto& f = m_.schema.facts[slot.fact];
    if (!f.min || !f.max || *f.max - *f.min > 1000000) return "";
    for (int64_t v = *f.min; v <= *f.max; ++v)
      if (Holds(c.op, v, k->a) != Holds(op, v, r)) return "";
    return fmt::format("{} is declared {} .. {}", slot.name, *f.min, *f.max);
  }

  void Walk(const ExprPtr& e, const Expr* parent) {
    if (!e || !seen_.insert(e.get()).second) return;
    const Expr& x = *e;
    if (const auto* k = std::get_if<Const>(&x.node); k && x.span.end > x.span.begin) {
      std::pair<int64_t, int64_t> step{1, 1};
      std::string spelling = sources_.Text(x.span);
      bool percent = !spelling.empty() && spelling.back() == '%';
      if (x.type.IsRatio()) step = LastDigit(spelling);
      bool numeric = x.type.kind == TypeKind::Int || x.type.kind == TypeKind::Money || x.type.kind == TypeKind::Date ||
                     (x.type.IsRatio() && step.second != 0);
      if (numeric)
        for (int d : {-1, 1}) {
          Const moved = *k;
          if (x.type.IsRatio()) {  // a/b ± 1/den = (a·den ± b)/(b·den)
            if (__builtin_mul_overflow(k->a, step.second, &moved.a) || __builtin_mul_overflow(k->b, step.second, &moved.b) ||
                __builtin_add_overflow(moved.a, d * k->b, &moved.a))
              continue;
          } else if (__builtin_add_overflow(k->a, d, &moved.a)) {
            continue;
          }
          std::string equivalent = d < 0 && shadowed_.contains(&x) ? "the band before it is tried first and holds those values" : "";
          if (const auto* c = parent ? std::get_if<Compare>(&parent->node) : nullptr; c && c->r.get() == &x && !x.type.IsRatio())
            equivalent = equivalent.empty() ? SameOnRange(*c, c->op, moved.a) : equivalent;
          Replace(x, With(x, moved),
                  fmt::format("{} → {}", ValueText(x.type, k->a, k->b, percent), ValueText(x.type, moved.a, moved.b, percent)),
                  equivalent);
        }
    } else if (const auto* c = std::get_if<Compare>(&x.node)) {
      static const Compare::Op kNeighbour[] = {Compare::Op::Ne, Compare::Op::Eq, Compare::Op::Le,
                                               Compare::Op::Lt, Compare::Op::Ge, Compare::Op::Gt};
      Compare::Op to = kNeighbour[static_cast<int>(c->op)];
      const auto* k = std::get_if<Const>(&c->r->node);
      Replace(x, With(x, Compare{to, c->l, c->r}), fmt::format("{} → {}", OpText(c->op), OpText(to)),
              k ? SameOnRange(*c, to, k->a) : "");
    } else if (const auto* l = std::get_if<Logic>(&x.node); l && !l->desugared) {
      auto to = l->op == Logic::Op::And ? Logic::Op::Or : Logic::Op::And;
      Replace(x, With(x, Logic{to, l->l, l->r, false}), l->op == Logic::Op::And ? "and → or" : "or → and");
    } else if (const auto* s = std::get_if<DateShift>(&x.node)) {
      // One of the unit written: a year where the text counts years (the IR counts them in months).
      bool years = s->unit == DateShift::Unit::Months && s->amount % 12 == 0 && sources_.Text(x.span).find("year") != std::string::npos;
      static const char* kUnits[] = {"days", "months", "working days"};
      const char* unit = years ? "years" : kUnits[static_cast<int>(s->unit)];
      int64_t per = years ? 12 : 1;
      for (int d : {-1, 1}) {
        DateShift moved = *s;
        moved.amount += d * per;
        Replace(x, With(x, moved), fmt::format("{} {} → {} {}", s->amount / per, unit, moved.amount / per, unit));
      }
    } else if (const auto* probe = std::get_if<Probe>(&x.node);
               probe && m_.coverage.at(probe->point).kind == CoveragePoint::Kind::Exception) {
      Replace(x, With(x, Probe{probe->point, With(*probe->x, Unary{Unary::Op::Not, probe->x})}), "exception's condition negated");
    }
    ForEachChild(x, [&](const ExprPtr& child) { Walk(child, &x); });
  }

  const Module& m_;
  const source::SourceSet& sources_;
  std::vector<Mutant>& out_;
  int index_ = 0;
  std::set<const Expr*> seen_;
  std::set<const Expr*> shadowed_;  // band lower bounds the band before covers
  std::map<std::tuple<source::FileId, uint32_t, uint32_t, std::string>, size_t> copies_;
};

// Rebuilds the trees that read the nodes replaced, with their replacements.
class Rebuild {
 public:
  explicit Rebuild(const std::vector<std::pair<const Expr*, ExprPtr>>& replace) : replace_(replace.begin(), replace.end()) {}
  ExprPtr operator()(const ExprPtr& e) {
    if (!e) return e;
    if (auto r = replace_.find(e.get()); r != replace_.end()) return r->second;
    auto memo = done_.find(e.get());
    if (memo != done_.end()) return memo->second;
    bool changed = false;
    auto copy = std::make_shared<Expr>(*e);
    ForEachChild(*copy, [&](ExprPtr& child) {
      ExprPtr now = (*this)(child);
      changed = changed || now != child;
      child = now;
    });
    ExprPtr result = changed ? ExprPtr(copy) : e;
    done_.emplace(e.get(), result);
    return result;
  }

 private:
  std::map<const Expr*, ExprPtr> replace_;
  std::map<const Expr*, ExprPtr> done_;
};
}  // namespace

std::vector<Mutant> Mutants(const ir::Module& module, const source::SourceSet& sources) {
  std::vector<Mutant> out;
  Maker maker(module, sources, out);
  for (size_t p = 0; p < module.provisions.size(); ++p) maker.Provision(static_cast<int>(p));
  return out;
}

ir::Module Apply(const ir::Module& module, const Mutant& mu) {
  ir::Module m = module;
  auto& p = m.provisions.at(mu.provision);
  p.window_from += mu.window_from;
  if (p.window_to) *p.window_to += mu.window_to;
  if (mu.rule >= 0) {
    auto& cond = p.rules[mu.rule].cond;
    cond = mu.drop ? With(*cond, ir::Const{1, 1}) : With(*cond, ir::Unary{ir::Unary::Op::Not, cond});
  }
  if (!mu.replace.empty()) {
    Rebuild rebuild(mu.replace);
    ir::ForEachRoot(p, [&](ir::ExprPtr& root) { root = rebuild(root); });
  }
  return m;
}

}  // namespace provisio::mutate
