// The facts schema as declared: `group` facts, `record` and `list`
// declarations and the default `event`, gathered from every file of the
// compilation into the module. A name declared twice must be declared
// alike; the second place is an error naming the first.
#include <fmt/format.h>

#include <algorithm>

#include "sema/checker.h"

namespace provisio::sema {

namespace {
using diag::Kind;
using schema::ValueType;

std::optional<ValueType> ValueTypeNamed(const std::string& name) {
  static const std::map<std::string, ValueType> kTypes = {
      {"bool", ValueType::Bool}, {"int", ValueType::Int},   {"decimal", ValueType::Decimal},
      {"rate", ValueType::Rate}, {"money", ValueType::Money}, {"date", ValueType::Date},
      {"text", ValueType::Text}, {"enum", ValueType::Enum}};
  auto it = kTypes.find(name);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

// How two declarations of one name differ, or "" when they agree.
std::string Difference(const schema::Schema& s, const schema::Field& a, const schema::Field& b) {
  if (a.type != b.type) return fmt::format("{} here, {} before", ValueTypeName(a.type), ValueTypeName(b.type));
  if (a.optional != b.optional) return a.optional ? "optional here, required before" : "required here, optional before";
  if (a.min != b.min || a.max != b.max) return "its bounds differ";
  if (a.type == ValueType::Enum && s.enums[a.enum_id].words != s.enums[b.enum_id].words) return "its words differ";
  return "";
}
}  // namespace

std::optional<schema::Field> Checker::FieldOf(const ast::FieldDecl& d, const std::string& name) {
  schema::Field f;
  f.name = name;
  f.span = d.name.span;
  f.optional = d.optional;
  f.description = d.description;
  auto type = ValueTypeNamed(d.type.text);
  if (!type) {
    emitter_.Emit(d.type.span, Kind::UnknownType, d.type.text);
    return std::nullopt;
  }
  f.type = *type;
  if (f.type == ValueType::Enum) {
    schema::Enum e{name, {}, {}, d.type.span};
    for (const auto& [word, label] : d.words) {
      if (std::find(e.words.begin(), e.words.end(), word.text) != e.words.end()) {
        emitter_.Emit(word.span, Kind::DuplicateDefinition, word.text);
        continue;
      }
      e.words.push_back(word.text);
      e.labels.push_back(label);
    }
    f.enum_id = static_cast<int32_t>(module_.schema.enums.size());
    module_.schema.enums.push_back(std::move(e));
  }
  bool is_int = f.type == ValueType::Int;
  bool is_amount = f.type == ValueType::Money || f.type == ValueType::Rate || f.type == ValueType::Decimal;
  auto whole = [](const std::optional<ast::Literal>& l) { return !l || l->kind == ast::Literal::Kind::Int; };
  if (d.min || d.max) {
    if (is_int && whole(d.min) && whole(d.max)) {
      if (d.min) f.min = d.min->value;
      if (d.max) f.max = d.max->value;
    } else if (is_amount && !d.max && d.min->value == 0) {
      f.min = 0;
    } else {
      emitter_.Emit(d.bound_span, Kind::BoundNotAllowed,
                    fmt::format("`{}` cannot bound {} `{}`: an int takes `>= N` or `A .. B` in whole numbers; "
                                "money, rate and decimal take `>= 0`",
                                sources_.Words(d.bound_span), ValueTypeName(f.type), name));
    }
  }
  if (f.min && f.max && *f.min > *f.max)
    emitter_.Emit(d.bound_span, Kind::BoundNotAllowed, fmt::format("the range of `{}` is empty", name));
  return f;
}

void Checker::CollectSchema() {
  auto& s = module_.schema;
  auto add = [&](std::vector<schema::Field>& into, schema::Field f) {
    for (const auto& old : into) {
      if (old.name != f.name) continue;
      std::string diff = Difference(s, f, old);
      if (!diff.empty())
        emitter_.Emit(f.span, Kind::SchemaConflict, f.name, diff)
            .Note(old.span, diag::Info(Kind::NotePreviousDefinition).format);
      return;  // declared alike: one declaration
    }
    into.push_back(std::move(f));
  };
  // Used files first, so that a policy's own declaration is the one
  // reported when it disagrees with the schema it uses.
  for (auto file_it = files_.rbegin(); file_it != files_.rend(); ++file_it) {
    const auto& file = *file_it;
    for (const auto& g : file.groups)
      for (const auto& d : g.fields)
        if (auto f = FieldOf(d, g.name.text + "." + d.name.text)) add(s.facts, std::move(*f));
    for (const auto& r : file.records) {
      schema::Record rec{r.name.text, r.title, {}, r.name.span};
      for (const auto& d : r.fields)
        if (auto f = FieldOf(d, d.name.text)) add(rec.fields, std::move(*f));
      int32_t old = s.FindRecord(rec.name);
      if (old < 0) {
        s.records.push_back(std::move(rec));
        continue;
      }
      bool same = s.records[old].fields.size() == rec.fields.size();
      for (size_t i = 0; same && i < rec.fields.size(); ++i)
        same = rec.fields[i].name == s.records[old].fields[i].name && Difference(s, rec.fields[i], s.records[old].fields[i]).empty();
      if (!same)
        emitter_.Emit(r.name.span, Kind::SchemaConflict, rec.name, "its fields differ")
            .Note(s.records[old].span, diag::Info(Kind::NotePreviousDefinition).format);
    }
  }
  for (auto file_it = files_.rbegin(); file_it != files_.rend(); ++file_it) {
    const auto& file = *file_it;
    for (const auto& l : file.lists) {
      int32_t record = s.FindRecord(l.record.text);
      if (record < 0) {
        emitter_.Emit(l.record.span, Kind::UnknownRecord, l.record.text, source::DidYouMean(l.record.text, source::NamesOf(s.records)))
            .Fix(l.record.span, source::Suggest(l.record.text, source::NamesOf(s.records)));
        continue;
      }
      int32_t old = s.FindList(l.name.text);
      if (old >= 0) {
        if (s.lists[old].record != record)
          emitter_.Emit(l.name.span, Kind::SchemaConflict, l.name.text, "a list of other records")
              .Note(s.lists[old].span, diag::Info(Kind::NotePreviousDefinition).format);
        continue;
      }
      s.lists.push_back({l.name.text, record, l.title, l.name.span});
    }
    for (const auto& e : file.events) {
      int32_t fact = s.FindFact(e.fact);
      if (fact < 0) {
        emitter_.Emit(e.span, Kind::UnknownFact, e.fact, source::DidYouMean(e.fact, source::NamesOf(s.facts)));
        continue;
      }
      if (s.facts[fact].type != ValueType::Date || s.facts[fact].optional) {
        emitter_.Emit(e.span, Kind::EventNotDate, e.fact,
                      s.facts[fact].optional ? "an optional one" : ValueTypeName(s.facts[fact].type));
        continue;
      }
      if (s.event >= 0 && s.event != fact) {
        emitter_.Emit(e.span, Kind::SchemaConflict, "event", fmt::format("`{}` here, `{}` before", e.fact, s.facts[s.event].name))
            .Note(s.event_span, diag::Info(Kind::NotePreviousDefinition).format);
        continue;
      }
      s.event = fact;
      s.event_span = e.span;
    }
  }
}

}  // namespace provisio::sema
