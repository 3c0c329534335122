// Checks declarations — the policy header, calendars, windows, citations,
// `extends` chains — and assembles each provision's IR: its event date,
// rules, exceptions and outputs.
#include <fmt/format.h>

#include <functional>

#include "provisio/runtime.h"
#include "sema/check.h"
#include "ir/coverage.h"
#include "ir/print.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using diag::Kind;
using ir::TypeKind;

using ir::DateText;
std::string WindowText(int64_t from, std::optional<int64_t> to) {
  return DateText(from) + " .. " + (to ? DateText(*to) : "");
}

const ast::Output* FindOutput(const ast::Provision& p, const std::string& name) {
  for (const auto& o : p.outputs)
    if (o.name.text == name) return &o;
  return nullptr;
}
// The `drop NAME` of a layer nearer the derived provision than `below`, or null.
const ast::Ident* DropOf(const std::vector<Layer>& layers, size_t below, const std::string& name) {
  for (size_t i = 0; i < below; ++i)
    for (const auto& d : layers[i].provision->drops)
      if (d.text == name) return &d;
  return nullptr;
}
bool Dropped(const std::vector<Layer>& layers, size_t below, const std::string& name) {
  return DropOf(layers, below, name) != nullptr;
}
}  // namespace

std::optional<ir::Module> Check(const std::vector<ast::Policy>& files, const source::SourceSet& sources,
                                diag::Emitter& emitter) {
  if (files.empty()) return std::nullopt;
  return Checker(files, sources, emitter).Run();
}

std::optional<ir::Module> Checker::Run() {
  int errors_before = emitter_.errors();
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i].header) policy_files_.emplace(files_[i].header->id, static_cast<int32_t>(i));
  CheckPolicyHeader();
  CollectSchema();
  CheckCalendars();
  const ast::Policy& root = files_[0];
  RestateAmended();
  std::vector<const ast::Provision*> provisions;
  for (const auto& p : root.provisions) provisions.push_back(&p);
  for (const auto& p : restated_) provisions.push_back(&p);
  std::map<std::string, const ast::Provision*> seen;
  for (const auto* pp : provisions) {
    const auto& p = *pp;
    auto [it, added] = seen.emplace(p.name.text, &p);
    if (!added) {
      emitter_.Emit(p.name.span, Kind::DuplicateDefinition, p.name.text)
          .Note(it->second->name.span, diag::Info(Kind::NotePreviousDefinition).format);
      continue;
    }
    if (auto lowered = LowerProvision(p)) {
      ir::CoverConditions(module_, *lowered, static_cast<int32_t>(module_.provisions.size()), sources_);
      module_.provisions.push_back(std::move(*lowered));
    }
  }
  for (const auto& param : root.params)
    if (!used_params_.contains(param.name.text)) emitter_.Emit(param.name.span, Kind::UnusedParam, param.name.text);
  if (emitter_.errors() > errors_before) return std::nullopt;
  return std::move(module_);
}

void Checker::CheckPolicyHeader() {
  const ast::Policy& root = files_[0];
  if (!root.header) {
    if (!root.provisions.empty()) emitter_.Emit(root.provisions[0].name.span, Kind::MissingPolicyHeader);
    return;
  }
  const auto& h = *root.header;
  module_.policy_id = h.id;
  module_.title = h.title;
  module_.source_doc = h.source;
  if (h.window) {
    if (h.window->to && *h.window->to < h.window->from)
      emitter_.Emit(h.window->span, Kind::WindowReversed, DateText(*h.window->to), DateText(h.window->from));
    document_window_ = *h.window;
  }
}

// `use "POLICY.prv"` on a line of its own after the file's last `use`, else after its header.
std::pair<source::Span, std::string> Checker::UseFix(source::FileId file, const std::string& policy) const {
  const auto& text = sources_.Get(file);
  uint32_t after = 0;
  for (const auto& f : files_)
    if (f.file == file) {
      if (f.header) after = f.header->span.end;
      for (const auto& u : f.uses) after = std::max(after, u.span.end);
    }
  uint32_t at = after == 0 ? 0 : text.LineStart(text.Locate(after).line + 1);
  bool unended = at > 0 && text.code_points()[at - 1] != U'\n';  // the file's last line has no line break
  return {source::Span{file, at, at}, fmt::format("{}use \"{}.prv\"\n", unended ? "\n" : "", policy)};
}

bool Checker::ResolveLayers(const ast::Provision& p, std::vector<Layer>& layers) {
  layers.push_back({&p, 0});
  const ast::Provision* current = &p;
  while (current->base) {
    const auto& base = *current->base;
    auto file = policy_files_.find(base.policy);
    const ast::Provision* found = nullptr;
    if (file != policy_files_.end())
      for (const auto& candidate : files_[file->second].provisions)
        if (candidate.name.text == base.provision.text) found = &candidate;
    if (found == nullptr || layers.size() > 16) {
      auto d = emitter_.Emit(base.span, Kind::UnknownBase, base.policy + "." + base.provision.text);
      if (file == policy_files_.end()) {
        auto [at, text] = UseFix(base.span.file, base.policy);
        d.Hint(fmt::format("add `use \"{}.prv\"` to read that policy", base.policy)).Fix(at, text);
      }
      return false;
    }
    layers.push_back({found, file->second});
    current = found;
  }
  return true;
}

ir::ExprPtr Checker::LowerOutput(const std::string& name, Scope& scope) {
  // The declaration nearest the derived provision gives the type; an
  // override replaces its value; exceptions (all layers) wrap it.
  const ast::Output* decl = nullptr;
  int32_t decl_file = 0;
  for (const auto& layer : scope.layers)
    if (const auto* o = FindOutput(*layer.provision, name)) {
      decl = o;
      decl_file = layer.file;
      break;
    }
  auto type = TypeNamed(decl->type);
  if (!type) return ErrorExpr(decl->name.span);
  int32_t outer_home = scope.home_file;
  ir::ExprPtr value;
  for (const auto& layer : scope.layers)
    for (const auto& ov : layer.provision->overrides)
      if (!value && ov.name.text == name) {
        scope.home_file = layer.file;
        value = LowerAs(*ov.value, *type, scope);
      }
  if (!value) {
    scope.home_file = decl_file;
    value = LowerAs(*decl->value, *type, scope);
  }
  for (auto layer = scope.layers.rbegin(); layer != scope.layers.rend(); ++layer)
    for (const auto& ex : layer->provision->exceptions)
      for (const auto& a : ex.assignments)
        if (a.name.text == name) {
          scope.home_file = layer->file;
          auto cond = Probe(ir::CoveragePoint::Kind::Exception, ex.cond->span,
                            LowerAs(*ex.cond, ir::Type{TypeKind::Bool, -1}, scope), ex.cite);
          auto v = LowerAs(*a.value, *type, scope);
          value = Make(a.value->span, *type, ir::Select{cond, v, value});
        }
  scope.home_file = outer_home;
  return value;
}

ir::ExprPtr Checker::LookupName(const ast::Ident& ident, Scope& scope) {
  const std::string& name = ident.text;
  auto memo = scope.lowered.find(name);
  if (memo != scope.lowered.end()) return memo->second;
  if (!scope.lowering.insert(name).second) {
    emitter_.Emit(ident.span, Kind::SelfReference, name);
    return ErrorExpr(ident.span);
  }
  scope.used.insert(name);
  int32_t outer_home = scope.home_file;
  ir::ExprPtr result;
  bool param = false;
  bool is_output = false;
  std::optional<source::Span> declared;  // where the named value is defined
  std::string title;
  for (size_t i = 0; i < scope.layers.size(); ++i)
    if (FindOutput(*scope.layers[i].provision, name) && !Dropped(scope.layers, i, name)) is_output = true;
  if (is_output) {
    result = LowerOutput(name, scope);
    for (const auto& layer : scope.layers)
      if (const auto* o = FindOutput(*layer.provision, name)) {
        if (!declared) declared = o->name.span;
        if (title.empty()) title = o->title;
      }
  } else {
    for (const auto& layer : scope.layers) {
      for (const auto& ov : layer.provision->overrides)
        if (!result && ov.name.text == name) {
          scope.home_file = layer.file;
          result = Lower(*ov.value, scope);
          declared = ov.name.span;
        }
      for (const auto& let : layer.provision->lets)
        if (!result && let.name.text == name) {
          scope.home_file = layer.file;
          result = Lower(*let.value, scope);
          declared = let.name.span;
          title = let.title;
        }
      if (result) break;
    }
  }
  scope.home_file = outer_home;
  if (!result) {
    for (const auto& p : files_[scope.home_file].params)
      if (p.name.text == name) {
        param = true;
        if (scope.home_file == 0) used_params_.insert(name);
        auto type = TypeNamed(p.type);
        result = type ? LowerParam(p, scope.home_file, *type, scope) : ErrorExpr(p.name.span);
      }
  }
  scope.lowering.erase(name);
  if (!result)
    if (const ast::Ident* drop = DropOf(scope.layers, scope.layers.size(), name)) {
      emitter_.Emit(drop->span, Kind::DropStillUsed, name).Note(ident.span, "used here");
      return ErrorExpr(ident.span);
    }
  if (!result) {
    std::vector<std::string> names;
    for (const auto& layer : scope.layers) {
      for (const auto& l : layer.provision->lets) names.push_back(l.name.text);
      for (const auto& o : layer.provision->outputs) names.push_back(o.name.text);
    }
    for (const auto& p : files_[scope.home_file].params) names.push_back(p.name.text);
    std::string hint = Suggest(name, names);
    emitter_.Emit(ident.span, Kind::UnknownName, name, hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint))
        .Fix(ident.span, hint);
    return ErrorExpr(ident.span);
  }
  // A param's value depends on the file it is read from; don't memoise it.
  if (param) return result;
  // A named value is computed once per record: a let of the provision,
  // unless it reads the element of an enclosing list query.
  if (!IsError(result->type) && !std::holds_alternative<ir::Const>(result->node) && !ReadsElement(*result)) {
    lets_.push_back({declared.value_or(ident.span), name, result->type, result, title});
    result = Make(ident.span, result->type, ir::LetRef{static_cast<int32_t>(lets_.size() - 1)});
  }
  scope.lowered[name] = result;
  return result;
}

// True when `e` reads a list field outside any query of that list within it.
bool Checker::ReadsElement(const ir::Expr& e, std::vector<int32_t> open) {
  if (const auto* f = std::get_if<ir::ListField>(&e.node))
    return std::find(open.begin(), open.end(), f->list) == open.end();
  if (const auto* q = std::get_if<ir::ListQuery>(&e.node)) open.push_back(q->list);
  bool reads = false;
  ir::ForEachChild(e, [&](const ir::ExprPtr& c) { reads = reads || ReadsElement(*c, open); });
  return reads;
}

ir::ExprPtr Checker::Probe(ir::CoveragePoint::Kind kind, source::Span span, ir::ExprPtr x, std::string cite) {
  if (x->type.kind != TypeKind::Bool) return x;
  int32_t point = static_cast<int32_t>(module_.coverage.size());
  module_.coverage.push_back({kind, span, static_cast<int32_t>(module_.provisions.size()), sources_.Words(span), std::move(cite)});
  return Make(span, x->type, ir::Probe{point, x});
}

// The provision's own window (checked against its document's), else the document's.
void Checker::SetWindow(const ast::Provision& p, ir::Provision& out) {
  if (p.window) {
    out.window_from = p.window->from;
    out.window_to = p.window->to;
    if (p.window->to && *p.window->to < p.window->from)
      emitter_.Emit(p.window->span, Kind::WindowReversed, DateText(*p.window->to), DateText(p.window->from));
    // (a restated provision keeps its own document's window: no warning)
    bool restated = std::any_of(restated_.begin(), restated_.end(), [&](const ast::Provision& r) { return &r == &p; });
    if (document_window_ && !restated) {
      const auto& d = *document_window_;
      bool before = p.window->from < d.from;
      bool after = d.to && (!p.window->to || *p.window->to > *d.to);
      if (before || after)
        emitter_.Emit(p.window->span, Kind::WindowOutsideDocument, WindowText(out.window_from, out.window_to),
                      WindowText(d.from, d.to));
    }
  } else if (document_window_) {
    out.window_from = document_window_->from;
    out.window_to = document_window_->to;
  } else {
    emitter_.Emit(p.name.span, Kind::MissingWindow, p.name.text);
  }
}

std::optional<ir::Provision> Checker::LowerProvision(const ast::Provision& p) {
  ir::Provision out;
  out.span = p.name.span;
  out.id = module_.policy_id + "." + p.name.text;
  out.title = p.title;
  std::vector<Layer> layers;
  if (!ResolveLayers(p, layers)) return std::nullopt;
  if (p.title.empty())
    for (const auto& l : layers)
      if (out.title.empty()) out.title = l.provision->title;

  if (p.cite) out.cite = p.cite->second;
  else emitter_.Emit(p.name.span, Kind::MissingCitation, p.name.text);
  out.service = ServiceOf(p);

  SetWindow(p, out);

  Scope scope;
  scope.provision_id = out.id;
  scope.layers = layers;
  lists_read_.clear();
  lets_.clear();
  // The event date: the nearest layer's `event`, else the schema's default.
  for (const auto& layer : layers)
    if (layer.provision->event && !scope.event) {
      scope.home_file = layer.file;
      scope.event = LowerAs(*layer.provision->event, ir::Type{TypeKind::Date, -1}, scope);
    }
  scope.home_file = 0;
  if (!scope.event) {
    if (module_.schema.event < 0) {
      emitter_.Emit(p.name.span, Kind::NoDefaultEvent, p.name.text);
      scope.event = ErrorExpr(p.name.span);
    } else {
      scope.event = FactRef(module_.schema.facts[module_.schema.event].name, p.name.span, false);
    }
  }
  out.event = scope.event;

  for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer) {
    size_t depth = static_cast<size_t>(layers.rend() - layer) - 1;
    scope.home_file = layer->file;
    for (const auto& req : layer->provision->conditions) {
      if (req.label && Dropped(layers, depth, req.label->text)) continue;
      // `override LABEL = …` in a nearer layer replaces the condition (a reason
      // given with `else` stays; without one the new condition's text is the reason).
      const ast::Expr* cond = req.cond.get();
      for (size_t i = 0; req.label && i < depth && cond == req.cond.get(); ++i)
        for (const auto& ov : layers[i].provision->overrides)
          if (ov.name.text == req.label->text) {
            cond = ov.value.get();
            scope.home_file = layers[i].file;
          }
      ir::Rule rule;
      rule.span = req.span;
      rule.name = req.label ? req.label->text : fmt::format("condition_{}", out.rules.size() + 1);
      rule.cond = LowerAs(*cond, ir::Type{TypeKind::Bool, -1}, scope);
      scope.home_file = layer->file;
      rule.reason = req.reason.empty() ? sources_.Words(cond->span) : req.reason;
      // An inherited condition is applied under the derived provision's article.
      rule.cite = req.cite.empty() ? out.cite : req.cite;
      out.rules.push_back(std::move(rule));
    }
    for (const auto& ex : layer->provision->exceptions)
      if (ex.grants_eligibility) {
        auto cond = Probe(ir::CoveragePoint::Kind::Exception, ex.cond->span,
                          LowerAs(*ex.cond, ir::Type{TypeKind::Bool, -1}, scope), ex.cite);
        out.grant = out.grant ? Make(ex.name.span, cond->type, ir::Logic{ir::Logic::Op::Or, out.grant, cond}) : cond;
      }
  }
  scope.home_file = 0;

  // Outputs: base order first, then what the derived layers add.
  std::vector<std::string> names;
  for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer) {
    size_t depth = static_cast<size_t>(layers.rend() - layer) - 1;
    for (const auto& o : layer->provision->outputs)
      if (!Dropped(layers, depth, o.name.text) && std::find(names.begin(), names.end(), o.name.text) == names.end())
        names.push_back(o.name.text);
  }
  for (const auto& name : names) {
    const ast::Output* decl = nullptr;
    for (const auto& layer : layers)
      if (!decl) decl = FindOutput(*layer.provision, name);
    std::string title;
    for (const auto& layer : layers)
      if (const auto* o = FindOutput(*layer.provision, name); o && title.empty()) title = o->title;
    auto value = LookupName(decl->name, scope);
    auto when = value->type.kind == TypeKind::Money ? ir::Output::WhenIneligible::Zero : ir::Output::WhenIneligible::IfComputable;
    out.outputs.push_back({decl->name.span, name, value->type, value, when, title});
  }

  CheckOverrides(layers, scope.used);
  // Unused lets of the provision itself.
  for (const auto& let : p.lets)
    if (!scope.used.contains(let.name.text)) emitter_.Emit(let.name.span, Kind::UnusedLet, let.name.text);

  out.lists_read.assign(lists_read_.begin(), lists_read_.end());
  out.lets = std::move(lets_);
  lets_.clear();
  CollectNeeded(out);
  CollectGuards(out);
  CheckConditions(out, sources_, emitter_);
  return out;
}

void Checker::CheckOverrides(const std::vector<Layer>& layers, const std::set<std::string>& used) {
  // What layer i and those it extends define: outputs, or anything nameable.
  auto names = [&](size_t i, bool outputs_only) {
    std::vector<std::string> out;
    for (size_t j = i; j < layers.size(); ++j) {
      const auto& lp = *layers[j].provision;
      for (const auto& o : lp.outputs) out.push_back(o.name.text);
      if (outputs_only) continue;
      for (const auto& l : lp.lets) out.push_back(l.name.text);
      for (const auto& r : lp.conditions)
        if (r.label) out.push_back(r.label->text);
      for (const auto& prm : files_[layers[j].file].params) out.push_back(prm.name.text);
    }
    return out;
  };
  auto check = [&](const ast::Ident& name, const std::vector<std::string>& known, bool outputs_only) {
    if (std::find(known.begin(), known.end(), name.text) != known.end()) return;
    std::string hint = Suggest(name.text, known);
    emitter_.Emit(name.span, Kind::OverrideUnknown, name.text,
                  outputs_only ? "an output" : "a let, named condition, parameter or output",
                  hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint))
        .Fix(name.span, hint);
  };
  // What a let or parameter of layer i or below is called, to tell drops and unused overrides.
  auto kind_of = [&](size_t i, const std::string& name) -> const char* {
    for (size_t j = i; j < layers.size(); ++j) {
      const auto& lp = *layers[j].provision;
      for (const auto& o : lp.outputs)
        if (o.name.text == name) return nullptr;
      for (const auto& r : lp.conditions)
        if (r.label && r.label->text == name) return nullptr;
      for (const auto& l : lp.lets)
        if (l.name.text == name) return "a let";
      for (const auto& prm : files_[layers[j].file].params)
        if (prm.name.text == name) return "a parameter";
    }
    return nullptr;
  };
  for (size_t i = 0; i < layers.size(); ++i) {
    const auto& lp = *layers[i].provision;
    auto all = names(i, false), outputs = names(i, true);
    for (const auto& ov : lp.overrides) {
      check(ov.name, all, false);
      if (kind_of(i, ov.name.text) && !used.contains(ov.name.text))
        emitter_.Emit(ov.name.span, Kind::OverrideUnused, ov.name.text);
    }
    for (const auto& d : lp.drops) {
      check(d, all, false);
      if (const char* kind = kind_of(i, d.text)) emitter_.Emit(d.span, Kind::DropNotRemovable, d.text, kind);
    }
    for (const auto& ex : lp.exceptions)
      for (const auto& a : ex.assignments) check(a.name, outputs, true);
  }
}

void Checker::CollectNeeded(ir::Provision& p) {
  std::vector<bool> seen(module_.slots.size()), entered(p.lets.size());
  auto visit = [&](const ir::Expr& e) {
    int32_t slot = -1;
    if (const auto* l = std::get_if<ir::FactLoad>(&e.node)) slot = l->slot;
    if (const auto* l = std::get_if<ir::FactPresent>(&e.node)) slot = l->slot;
    if (slot >= 0 && !seen[slot]) {
      seen[slot] = true;
      p.needed_slots.push_back(slot);
    }
  };
  ir::VisitReading(p, p.event, entered, visit);
  for (const auto& r : p.rules) ir::VisitReading(p, r.cond, entered, visit);
  ir::VisitReading(p, p.grant, entered, visit);
  for (const auto& o : p.outputs) ir::VisitReading(p, o.value, entered, visit);
}

// A rule's guards: the earlier rules that read a fact or let it reads.
void Checker::CollectGuards(ir::Provision& p) {
  std::vector<std::set<std::string>> reads(p.rules.size());
  for (size_t i = 0; i < p.rules.size(); ++i) {
    std::vector<bool> entered(p.lets.size());
    ir::VisitReading(p, p.rules[i].cond, entered, [&](const ir::Expr& e) {
      if (const auto* l = std::get_if<ir::FactLoad>(&e.node)) reads[i].insert(fmt::format("slot{}", l->slot));
      if (const auto* l = std::get_if<ir::FactPresent>(&e.node)) reads[i].insert(fmt::format("slot{}", l->slot));
      if (const auto* l = std::get_if<ir::LetRef>(&e.node)) reads[i].insert(fmt::format("let{}", l->let));
    });
    for (size_t j = 0; j < i; ++j)
      if (std::any_of(reads[j].begin(), reads[j].end(), [&](const std::string& k) { return reads[i].contains(k); }))
        p.rules[i].guards.push_back(static_cast<int32_t>(j));
  }
}

}  // namespace provisio::sema
