#include "lsp/index.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "syntax/parse.h"

namespace provisio::lsp {

namespace {

using source::Span;

bool Within(Span s, uint32_t offset) { return s.begin <= offset && offset <= s.end && s.end > s.begin; }

// The policies of one analysis, looked up by what a name can mean.
class Scope {
 public:
  explicit Scope(const Analysis& a) : a_(a) {}

  const ast::Policy* Policy(const std::string& id) const {
    for (const auto& f : a_.files)
      if (f.header && f.header->id == id) return &f;
    return nullptr;
  }
  const ast::Policy* FileOf(const ast::Provision* p) const {
    for (const auto& f : a_.files)
      for (const auto& q : f.provisions)
        if (&q == p) return &f;
    return nullptr;
  }
  static const ast::Provision* ProvisionIn(const ast::Policy* file, const std::string& name) {
    if (file != nullptr)
      for (const auto& p : file->provisions)
        if (p.name.text == name) return &p;
    return nullptr;
  }
  const ast::Provision* Base(const ast::Provision& p) const {
    return p.base ? ProvisionIn(Policy(p.base->policy), p.base->provision.text) : nullptr;
  }
  // A provision and those it extends, nearest first.
  std::vector<const ast::Provision*> Layers(const ast::Provision* p) const {
    std::vector<const ast::Provision*> out;
    for (; p != nullptr && out.size() < 16; p = Base(*p)) out.push_back(p);
    return out;
  }
  template <typename Decl>
  std::vector<const Decl*> All(std::vector<Decl> ast::Policy::*member, const std::string& name) const {
    std::vector<const Decl*> out;
    for (const auto& f : a_.files)
      for (const auto& d : f.*member)
        if (d.name.text == name) out.push_back(&d);
    return out;
  }
  const ast::FieldDecl* Field(const std::vector<const ast::GroupDecl*>& groups, const std::string& name) const {
    for (const auto* g : groups)
      for (const auto& f : g->fields)
        if (f.name.text == name) return &f;
    return nullptr;
  }
  const ast::FieldDecl* RecordField(const std::string& record, const std::string& name) const {
    for (const auto* r : All(&ast::Policy::records, record))
      for (const auto& f : r->fields)
        if (f.name.text == name) return &f;
    return nullptr;
  }
  // A param as read from `home` (its own, else one of a used file's).
  std::pair<const ast::Param*, const ast::Policy*> Param(const std::string& name, const ast::Policy* home) const {
    auto in = [&](const ast::Policy* f) -> const ast::Param* {
      if (f != nullptr)
        for (const auto& p : f->params)
          if (p.name.text == name) return &p;
      return nullptr;
    };
    if (const auto* p = in(home)) return {p, home};
    for (const auto& f : a_.files)
      if (const auto* p = in(&f)) return {p, &f};
    return {nullptr, nullptr};
  }
  const ast::ListDecl* List(const std::string& name) const {
    for (const auto& f : a_.files)
      for (const auto& l : f.lists)
        if (l.name.text == name) return &l;
    return nullptr;
  }
  std::string Words(Span s) const { return s.end > s.begin ? a_.sources.Words(s) : ""; }

 private:
  const Analysis& a_;
};

// ---- hover texts ----------------------------------------------------------

std::string TypeText(const ast::FieldDecl& f) {
  const std::string& t = f.type.text;
  if (t == "money") return "`money`: yuan, exact to the fen";
  if (t == "rate") return "`rate`: an exact fraction (5.5% is 0.055)";
  if (t == "decimal") return "`decimal`: an exact decimal number";
  if (t == "int") return "`int`: a whole number";
  if (t == "date") return "`date`: a calendar date, YYYY-MM-DD";
  if (t == "enum") {
    std::string words;
    for (const auto& [word, label] : f.words)
      words += (words.empty() ? "" : ", ") + fmt::format("`{}`{}", word.text, label.empty() ? "" : " " + label);
    return "one of " + words;
  }
  return "`" + t + "`";
}

std::string FieldHover(const std::string& name, const ast::FieldDecl& f, const std::string& owner) {
  std::string range;
  if (f.min && f.max) range = fmt::format(" · {} .. {}", f.min->spelling, f.max->spelling);
  else if (f.min) range = fmt::format(" · ≥ {}", f.min->spelling);
  return fmt::format("**{}** · {}\n\n{}{}{}\n\n{}", name, owner, TypeText(f), range, f.optional ? " · optional: may be absent (test it with `present(…)`)" : "",
                     f.description.empty() ? "(no description in the schema)" : f.description);
}

std::string ParamHover(const Scope& s, const ast::Param& p, const ast::Policy* file) {
  std::string out = fmt::format("**param {}**: `{}`", p.name.text, p.type.text);
  if (p.value) out += " = " + s.Words(p.value->span);
  if (!p.cite.empty()) out += fmt::format(" — {}", p.cite);
  for (const auto& d : p.series) out += "\n- " + s.Words(d.span);
  if (file && file->header) out += fmt::format("\n\nin policy `{}`", file->header->id);
  return out;
}

std::string ProvisionHover(const Scope& s, const ast::Provision& p) {
  const ast::Policy* file = s.FileOf(&p);
  std::string id = (file && file->header ? file->header->id + "." : "") + p.name.text;
  std::string out = fmt::format("**provision {}**{}", id, p.title.empty() ? "" : " " + p.title);
  std::vector<std::string> facts;
  if (p.cite) facts.push_back("cite " + p.cite->second);
  if (p.window) facts.push_back("effective " + s.Words(p.window->span));
  else if (file && file->header && file->header->window) facts.push_back("effective " + s.Words(file->header->window->span) + " (the policy's)");
  if (p.base) facts.push_back(fmt::format("extends `{}.{}`", p.base->policy, p.base->provision.text));
  std::string line;
  for (const auto& f : facts) line += (line.empty() ? "" : " · ") + f;
  if (!line.empty()) out += "\n\n" + line;
  if (!p.serves.empty()) {
    std::string serves;
    for (const auto& g : p.serves) serves += (serves.empty() ? "" : "、") + g;
    out += "\n\n享受对象: " + serves;
  }
  return out;
}

std::string LetHover(const Scope& s, const ast::Let& l) {
  return fmt::format("**let {}**{}\n\n```provisio\n{}\n```", l.name.text, l.title.empty() ? "" : " " + l.title,
                     l.value ? s.Words(l.value->span) : "");
}

std::string OutputHover(const Scope& s, const ast::Output& o) {
  return fmt::format("**output {}**{}: `{}`\n\n```provisio\n{}\n```", o.name.text, o.title.empty() ? "" : " " + o.title,
                     o.type.text, o.value ? s.Words(o.value->span) : "");
}

struct Function {
  const char* name;
  const char* doc;
};
constexpr Function kFunctions[] = {
    {"age", "`age(date)`: whole years from the date to the event date"},
    {"year", "`year(date)`: the calendar year"},
    {"round", "`round(x)`: to a whole number, half away from zero"},
    {"ratio", "`ratio(a, b)`: a / b as an exact rate; b must not be 0"},
    {"max", "`max(a, b)`: the larger"},
    {"min", "`min(a, b)`: the smaller"},
    {"present", "`present(group.fact)`: the optional fact is given"},
    {"count", "`count(LIST where condition)`: how many records of the list meet the condition"},
    {"any", "`any(LIST where condition)`: some record of the list meets the condition"},
};


// ---- finding the name under the cursor -------------------------------------

struct Hit {
  enum class Kind { Name, Callee, List, Word } kind = Kind::Name;
  const ast::Ident* ident = nullptr;
  const ast::NameRef* ref = nullptr;  // for a name: its parts; for an enum word: the fact it is compared with
  size_t part = 0;
  const ast::Expr* word = nullptr;  // the string literal of an enum word
};

// A string compared with a fact (`f == "word"`, `f in ["a", "b"]`) under the cursor.
void FindWord(const ast::Expr* fact, const ast::Expr* text, uint32_t offset, Hit& hit) {
  const auto* ref = fact ? std::get_if<ast::NameRef>(&fact->node) : nullptr;
  const auto* lit = text ? std::get_if<ast::Literal>(&text->node) : nullptr;
  if (ref && ref->parts.size() == 2 && lit && lit->kind == ast::Literal::Kind::Text && Within(text->span, offset))
    hit = Hit{Hit::Kind::Word, nullptr, ref, 0, text};
}

void FindIn(const ast::Expr* e, uint32_t offset, Hit& hit) {
  if (e == nullptr || !Within(e->span, offset)) return;
  std::visit(
      [&](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, ast::NameRef>) {
          for (size_t i = 0; i < n.parts.size(); ++i)
            if (Within(n.parts[i].span, offset)) hit = Hit{Hit::Kind::Name, &n.parts[i], &n, i};
        } else if constexpr (std::is_same_v<T, ast::Unary>) {
          FindIn(n.operand.get(), offset, hit);
        } else if constexpr (std::is_same_v<T, ast::Binary>) {
          FindIn(n.lhs.get(), offset, hit);
          FindIn(n.rhs.get(), offset, hit);
          if (n.op == ast::Binary::Op::Eq || n.op == ast::Binary::Op::Ne) {
            FindWord(n.lhs.get(), n.rhs.get(), offset, hit);
            FindWord(n.rhs.get(), n.lhs.get(), offset, hit);
          }
        } else if constexpr (std::is_same_v<T, ast::Within>) {
          FindIn(n.subject.get(), offset, hit);
          FindIn(n.anchor.get(), offset, hit);
        } else if constexpr (std::is_same_v<T, ast::InRange>) {
          for (const auto* x : {n.subject.get(), n.lo.get(), n.hi.get()}) FindIn(x, offset, hit);
        } else if constexpr (std::is_same_v<T, ast::InSet>) {
          FindIn(n.subject.get(), offset, hit);
          for (const auto& x : n.items) {
            FindIn(x.get(), offset, hit);
            FindWord(n.subject.get(), x.get(), offset, hit);
          }
        } else if constexpr (std::is_same_v<T, ast::If>) {
          for (const auto* x : {n.cond.get(), n.then_value.get(), n.else_value.get()}) FindIn(x, offset, hit);
        } else if constexpr (std::is_same_v<T, ast::Call>) {
          if (Within(n.callee.span, offset)) hit = Hit{Hit::Kind::Callee, &n.callee};
          for (const auto& x : n.args) FindIn(x.get(), offset, hit);
        } else if constexpr (std::is_same_v<T, ast::ListQuery>) {
          if (Within(n.list.span, offset)) hit = Hit{Hit::Kind::List, &n.list};
          FindIn(n.where.get(), offset, hit);
        } else if constexpr (std::is_same_v<T, ast::Tier>) {
          FindIn(n.key.get(), offset, hit);
          for (const auto& b : n.bands) FindIn(b.value.get(), offset, hit);
        } else if constexpr (std::is_same_v<T, ast::First>) {
          for (const auto& arm : n.arms) {
            FindIn(arm.cond.get(), offset, hit);
            FindIn(arm.value.get(), offset, hit);
          }
          FindIn(n.otherwise.get(), offset, hit);
        }
      },
      e->node);
}

std::optional<Found> Fact(const Scope& s, const ast::Ident& at, const std::string& group, const std::string& name) {
  auto groups = s.All(&ast::Policy::groups, group);
  if (const auto* f = s.Field(groups, name))
    return Found{at.span, f->name.span, FieldHover(group + "." + name, *f, fmt::format("fact of group `{}`{}", group, groups.front()->title.empty() ? "" : " " + groups.front()->title))};
  return std::nullopt;
}

std::optional<Found> Group(const Scope& s, const ast::Ident& at, const std::string& name) {
  auto groups = s.All(&ast::Policy::groups, name);
  if (groups.empty()) return std::nullopt;
  size_t facts = 0;
  for (const auto* g : groups) facts += g->fields.size();
  return Found{at.span, groups.front()->name.span, fmt::format("**group {}**{} · {} facts", name, groups.front()->title.empty() ? "" : " " + groups.front()->title, facts)};
}

std::optional<Found> Record(const Scope& s, const ast::Ident& at, const std::string& name) {
  auto records = s.All(&ast::Policy::records, name);
  if (records.empty()) return std::nullopt;
  std::string fields;
  for (const auto& f : records.front()->fields) fields += fmt::format("\n- `{}`: {}", f.name.text, f.type.text);
  return Found{at.span, records.front()->name.span, fmt::format("**record {}**{}{}", name, records.front()->title.empty() ? "" : " " + records.front()->title, fields)};
}

std::optional<Found> ListOf(const Scope& s, const ast::Ident& at, const std::string& name) {
  const auto* l = s.List(name);
  if (l == nullptr) return std::nullopt;
  return Found{at.span, l->name.span, fmt::format("**list {}**: records `{}`{}\n\nGiven as a JSON array of objects; read with `count(…)` or `any(…)`.", name, l->record.text, l->title.empty() ? "" : " " + l->title)};
}

// A name read inside provision `p` (or, with no provision, in a param's value).
// An enum word: its label and the fact's other words.
std::optional<Found> Word(const Scope& s, const Hit& hit) {
  const std::string& group = hit.ref->parts[0].text;
  const std::string& fact = hit.ref->parts[1].text;
  const auto* f = s.Field(s.All(&ast::Policy::groups, group), fact);
  const auto& word = std::get<ast::Literal>(hit.word->node).text;
  if (f == nullptr) return std::nullopt;
  std::string words;
  const std::pair<ast::Ident, std::string>* declared = nullptr;
  for (const auto& entry : f->words) {
    if (entry.first.text == word) declared = &entry;
    words += fmt::format("\n- `{}`{}", entry.first.text, entry.second.empty() ? "" : " " + entry.second);
  }
  if (declared == nullptr) return std::nullopt;
  return Found{hit.word->span, declared->first.span,
               fmt::format("**\"{}\"**{} · a word of `{}.{}`{}", word, declared->second.empty() ? "" : " " + declared->second, group, fact, words)};
}

std::optional<Found> Name(const Scope& s, const Hit& hit, const ast::Provision* p, const ast::Policy* home) {
  if (hit.kind == Hit::Kind::Word) return Word(s, hit);
  const std::string& text = hit.ident->text;
  if (hit.kind == Hit::Kind::Callee) {
    for (const auto& f : kFunctions)
      if (text == f.name) return Found{hit.ident->span, {}, f.doc};
    return std::nullopt;
  }
  if (hit.kind == Hit::Kind::List) return ListOf(s, *hit.ident, text);
  if (hit.ref != nullptr && hit.ref->parts.size() >= 2) {
    const std::string& head = hit.ref->parts[0].text;
    if (hit.part == 0) {
      if (auto g = Group(s, *hit.ident, head)) return g;
      return Record(s, *hit.ident, head);
    }
    if (auto f = Fact(s, *hit.ident, head, hit.ref->parts[1].text)) return f;
    if (const auto* f = s.RecordField(head, hit.ref->parts[1].text))
      return Found{hit.ident->span, f->name.span, FieldHover(head + "." + f->name.text, *f, fmt::format("field of record `{}`", head))};
    return std::nullopt;
  }
  for (const auto* layer : s.Layers(p)) {
    for (const auto& l : layer->lets)
      if (l.name.text == text) return Found{hit.ident->span, l.name.span, LetHover(s, l)};
    for (const auto& o : layer->outputs)
      if (o.name.text == text) return Found{hit.ident->span, o.name.span, OutputHover(s, o)};
  }
  if (p != nullptr && text == "self") return Found{hit.ident->span, p->name.span, ProvisionHover(s, *p) + "\n\n`self`: this provision, as the records of a list name it"};
  auto layers = s.Layers(p);
  for (const auto* layer : layers)
    if (auto [param, file] = s.Param(text, s.FileOf(layer)); param)
      return Found{hit.ident->span, param->name.span, ParamHover(s, *param, file)};
  if (auto [param, file] = s.Param(text, home); param) return Found{hit.ident->span, param->name.span, ParamHover(s, *param, file)};
  if (auto l = ListOf(s, *hit.ident, text)) return l;
  return Group(s, *hit.ident, text);
}

std::optional<Found> InExpr(const Scope& s, const ast::Expr* e, uint32_t offset, const ast::Provision* p, const ast::Policy* home) {
  Hit hit;
  FindIn(e, offset, hit);
  return hit.ident || hit.word ? Name(s, hit, p, home) : std::nullopt;
}

// A `policy.name` reference: a provision, else a param of that policy.
std::optional<Found> Qualified(const Scope& s, const ast::QualifiedRef& q) {
  const ast::Policy* target = s.Policy(q.policy);
  if (const auto* p = Scope::ProvisionIn(target, q.provision.text)) return Found{q.provision.span, p->name.span, ProvisionHover(s, *p)};
  if (target != nullptr)
    for (const auto& param : target->params)
      if (param.name.text == q.provision.text) return Found{q.provision.span, param.name.span, ParamHover(s, param, target)};
  return std::nullopt;
}

std::optional<Found> InProvision(const Scope& s, const ast::Provision& p, const ast::Policy& home, uint32_t offset) {
  if (Within(p.name.span, offset)) return Found{p.name.span, p.name.span, ProvisionHover(s, p)};
  if (p.base && Within(p.base->provision.span, offset)) return Qualified(s, *p.base);
  auto expr = [&](const ast::ExprPtr& e) { return InExpr(s, e.get(), offset, &p, &home); };
  for (const auto& l : p.lets) {
    if (Within(l.name.span, offset)) return Found{l.name.span, l.name.span, LetHover(s, l)};
    if (auto f = expr(l.value)) return f;
  }
  for (const auto& r : p.conditions)
    if (auto f = expr(r.cond)) return f;
  for (const auto& o : p.outputs) {
    if (Within(o.name.span, offset)) return Found{o.name.span, o.name.span, OutputHover(s, o)};
    if (auto f = expr(o.value)) return f;
  }
  for (const auto& x : p.exceptions) {
    if (auto f = expr(x.cond)) return f;
    for (const auto& a : x.assignments) {
      if (Within(a.name.span, offset)) return Name(s, Hit{Hit::Kind::Name, &a.name, nullptr}, &p, &home);
      if (auto f = expr(a.value)) return f;
    }
  }
  // An override or drop names what the base provision declares.
  const ast::Provision* base = s.Base(p);
  for (const auto& o : p.overrides) {
    if (Within(o.name.span, offset)) return Name(s, Hit{Hit::Kind::Name, &o.name, nullptr}, base, s.FileOf(base));
    if (auto f = expr(o.value)) return f;
  }
  for (const auto& d : p.drops)
    if (Within(d.span, offset)) return Name(s, Hit{Hit::Kind::Name, &d, nullptr}, base, s.FileOf(base));
  return expr(p.event);
}

}  // namespace

std::optional<Found> Resolve(const Analysis& a, uint32_t offset) {
  const ast::Policy* root = a.Root();
  if (root == nullptr) return std::nullopt;
  Scope s(a);
  for (const auto& use : root->uses) {
    if (!Within(use.span, offset)) continue;
    // The file the loader read for it: next to the policy, else on the policy path.
    namespace fs = std::filesystem;
    std::string here = (fs::path(a.sources.Get(root->file).path()).parent_path() / use.path).lexically_normal().string();
    for (const auto& f : a.files) {
      const std::string& path = a.sources.Get(f.file).path();
      if (path == here || (path.size() > use.path.size() && path.ends_with("/" + use.path)))
        return Found{use.span, Span{f.file, 0, 0}, fmt::format("**use** `{}`{}", path, f.header ? fmt::format(": policy `{}` {}", f.header->id, f.header->title) : "")};
    }
    return std::nullopt;
  }
  if (root->header && root->header->calendar && Within(root->header->calendar->span, offset))
    if (auto cals = s.All(&ast::Policy::calendars, root->header->calendar->text); !cals.empty())
      return Found{root->header->calendar->span, cals.front()->name.span, fmt::format("**calendar {}** {}", cals.front()->name.text, cals.front()->title)};
  for (const auto& p : root->params) {
    if (Within(p.name.span, offset)) return Found{p.name.span, p.name.span, ParamHover(s, p, root)};
    if (auto f = InExpr(s, p.value.get(), offset, nullptr, root)) return f;
    for (const auto& d : p.series)
      if (auto f = InExpr(s, d.value.get(), offset, nullptr, root)) return f;
  }
  for (const auto& am : root->amends)
    if (Within(am.target.provision.span, offset)) return Qualified(s, am.target);
  for (const auto& p : root->provisions)
    if (auto f = InProvision(s, p, *root, offset)) return f;
  for (const auto& g : root->groups) {
    if (Within(g.name.span, offset)) return Group(s, g.name, g.name.text);
    for (const auto& f : g.fields)
      if (Within(f.name.span, offset)) return Fact(s, f.name, g.name.text, f.name.text);
  }
  for (const auto& r : root->records) {
    if (Within(r.name.span, offset)) return Record(s, r.name, r.name.text);
    for (const auto& f : r.fields)
      if (Within(f.name.span, offset))
        return Found{f.name.span, f.name.span, FieldHover(r.name.text + "." + f.name.text, f, fmt::format("field of record `{}`", r.name.text))};
  }
  for (const auto& l : root->lists) {
    if (Within(l.name.span, offset)) return ListOf(s, l.name, l.name.text);
    if (Within(l.record.span, offset)) return Record(s, l.record, l.record.text);
  }
  return std::nullopt;
}

// ---- completion ----------------------------------------------------------------

namespace {
bool WordChar(char32_t c) { return c == U'_' || c == U'-' || (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c > 0x7F; }

// The dotted name that ends just before `end` on `line` (`person.kind`), or "".
std::string NameBefore(std::u32string_view line, size_t end) {
  while (end > 0 && line[end - 1] == U' ') --end;
  size_t begin = end;
  while (begin > 0 && (WordChar(line[begin - 1]) || line[begin - 1] == U'.')) --begin;
  return source::EncodeUtf8(line.substr(begin, end - begin));
}

// Inside a string after `FACT ==`, `FACT !=` or `FACT in [ …`: the fact.
std::string EnumContext(std::u32string_view line, size_t quote) {
  size_t at = quote;
  while (at > 0 && line[at - 1] == U' ') --at;
  if (at >= 2 && (line.substr(at - 2, 2) == U"==" || line.substr(at - 2, 2) == U"!=")) return NameBefore(line, at - 2);
  // In a set: back over earlier items to `[`, then `in`.
  bool in_string = false;
  for (size_t i = at; i-- > 0;) {
    if (line[i] == U'"') in_string = !in_string;
    if (in_string) continue;
    if (line[i] == U'[') {
      size_t k = i;
      while (k > 0 && line[k - 1] == U' ') --k;
      if (k >= 2 && line.substr(k - 2, 2) == U"in") return NameBefore(line, k - 2);
      return "";
    }
    if (line[i] != U',' && line[i] != U' ') return "";
  }
  return "";
}

// The provision of the root whose text holds `offset`.
const ast::Provision* ProvisionAt(const ast::Policy& root, uint32_t offset) {
  const ast::Provision* found = nullptr;
  std::vector<uint32_t> starts;
  for (const auto& p : root.params) starts.push_back(p.name.span.begin);
  for (const auto& g : root.groups) starts.push_back(g.name.span.begin);
  for (const auto& r : root.records) starts.push_back(r.name.span.begin);
  for (const auto& am : root.amends) starts.push_back(am.span.begin);
  for (const auto& p : root.provisions)
    if (p.name.span.begin <= offset) {
      bool later = std::any_of(starts.begin(), starts.end(), [&](uint32_t s) { return s > p.name.span.begin && s <= offset; });
      found = later ? nullptr : &p;
    }
  return found;
}
}  // namespace

std::vector<Item> Complete(const Analysis& a, uint32_t offset) {
  std::vector<Item> items;
  const ast::Policy* root = a.Root();
  if (root == nullptr) return items;
  Scope s(a);
  const auto& file = a.sources.Get(root->file);
  auto where = file.Locate(std::min<uint32_t>(offset, file.code_points().size()));
  std::u32string_view line = file.Line(where.line).substr(0, where.column - 1);
  // Inside a string: the words of the enum it is compared with, if any.
  size_t quotes = std::count(line.begin(), line.end(), U'"');
  if (quotes % 2 == 1) {
    std::string fact = EnumContext(line, line.rfind(U'"'));
    auto dot = fact.find('.');
    if (dot != std::string::npos)
      if (const auto* f = s.Field(s.All(&ast::Policy::groups, fact.substr(0, dot)), fact.substr(dot + 1)))
        for (const auto& [word, label] : f->words) items.push_back({word.text, ItemKind::EnumMember, label, fact});
    return items;
  }
  size_t begin = line.size();
  while (begin > 0 && WordChar(line[begin - 1]) && line[begin - 1] != U'-') --begin;
  if (begin > 0 && line[begin - 1] == U'.') {
    std::string head = NameBefore(line, begin - 1);
    for (const auto* g : s.All(&ast::Policy::groups, head))
      for (const auto& f : g->fields) items.push_back({f.name.text, ItemKind::Field, f.type.text, f.description});
    for (const auto* r : s.All(&ast::Policy::records, head))
      for (const auto& f : r->fields) items.push_back({f.name.text, ItemKind::Field, f.type.text, f.description});
    if (const ast::Policy* target = s.Policy(head)) {
      for (const auto& p : target->provisions) items.push_back({p.name.text, ItemKind::Function, p.title, ""});
      for (const auto& p : target->params) items.push_back({p.name.text, ItemKind::Constant, p.type.text, p.cite});
    }
    return items;
  }
  for (const auto& k : syntax::Keywords()) items.push_back({k, ItemKind::Keyword, "keyword", ""});
  for (const auto& f : kFunctions) items.push_back({f.name, ItemKind::Function, "built-in", f.doc});
  for (const auto& f : a.files) {
    for (const auto& g : f.groups) {
      items.push_back({g.name.text, ItemKind::Module, "group " + g.title, ""});
      for (const auto& field : g.fields)
        items.push_back({g.name.text + "." + field.name.text, ItemKind::Field, field.type.text, field.description});
    }
    for (const auto& l : f.lists) items.push_back({l.name.text, ItemKind::Struct, "list of " + l.record.text, l.title});
    for (const auto& p : f.params) items.push_back({p.name.text, ItemKind::Constant, "param: " + p.type.text, p.cite});
  }
  for (const auto* layer : s.Layers(ProvisionAt(*root, offset))) {
    for (const auto& l : layer->lets) items.push_back({l.name.text, ItemKind::Variable, "let " + l.title, ""});
    for (const auto& o : layer->outputs) items.push_back({o.name.text, ItemKind::Property, "output: " + o.type.text, o.title});
  }
  // One item per label: the nearest declaration wins.
  std::vector<Item> unique;
  for (auto& item : items)
    if (std::none_of(unique.begin(), unique.end(), [&](const Item& u) { return u.label == item.label; })) unique.push_back(std::move(item));
  return unique;
}

// ---- the outline ------------------------------------------------------------------

std::vector<Symbol> Symbols(const Analysis& a) {
  std::vector<Symbol> out;
  const ast::Policy* root = a.Root();
  if (root == nullptr) return out;
  const auto& file = a.sources.Get(root->file);
  auto add = [&](std::string name, std::string detail, SymbolKind kind, Span selection) -> Symbol& {
    out.push_back(Symbol{std::move(name), std::move(detail), kind, selection, selection, {}});
    return out.back();
  };
  auto child = [](Symbol& parent, const ast::Ident& name, std::string detail, SymbolKind kind) {
    parent.children.push_back(Symbol{name.text, std::move(detail), kind, name.span, name.span, {}});
  };
  if (root->header) add(root->header->id, root->header->title, SymbolKind::Namespace, root->header->span);
  for (const auto& c : root->calendars) add(c.name.text, c.title, SymbolKind::Event, c.name.span);
  for (const auto& p : root->params) add(p.name.text, p.type.text, SymbolKind::Constant, p.name.span);
  for (const auto& g : root->groups) {
    Symbol& group = add(g.name.text, g.title, SymbolKind::Struct, g.name.span);
    for (const auto& f : g.fields) child(group, f.name, f.type.text, SymbolKind::Field);
  }
  for (const auto& r : root->records) {
    Symbol& record = add(r.name.text, r.title, SymbolKind::Struct, r.name.span);
    for (const auto& f : r.fields) child(record, f.name, f.type.text, SymbolKind::Field);
  }
  for (const auto& l : root->lists) add(l.name.text, "list of " + l.record.text, SymbolKind::Array, l.name.span);
  for (const auto& am : root->amends)
    add(am.target.policy + "." + am.target.provision.text, "amend", SymbolKind::Method, am.target.provision.span);
  for (const auto& p : root->provisions) {
    Symbol& provision = add(p.name.text, p.title, SymbolKind::Function, p.name.span);
    for (const auto& l : p.lets) child(provision, l.name, l.title, SymbolKind::Variable);
    for (const auto& r : p.conditions)
      if (r.label) child(provision, *r.label, r.reason, SymbolKind::Boolean);
    for (const auto& o : p.outputs) child(provision, o.name, o.title.empty() ? o.type.text : o.title, SymbolKind::Property);
    for (const auto& x : p.exceptions) child(provision, x.name, x.cite, SymbolKind::Event);
  }
  // Each declaration's range: from its line to the next declaration's line.
  std::sort(out.begin(), out.end(), [](const Symbol& x, const Symbol& y) { return x.selection.begin < y.selection.begin; });
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t begin = file.LineStart(file.Locate(out[i].selection.begin).line);
    uint32_t end = i + 1 < out.size() ? file.LineStart(file.Locate(out[i + 1].selection.begin).line)
                                      : static_cast<uint32_t>(file.code_points().size());
    out[i].range = Span{root->file, begin, std::max(end, out[i].selection.end)};
  }
  return out;
}

}  // namespace provisio::lsp
