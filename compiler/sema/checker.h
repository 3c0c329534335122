// Internal to sema: the state shared by its passes while one compilation
// is checked and lowered.
#pragma once
#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "ast/ast.h"
#include "diag/emitter.h"
#include "ir/ir.h"
#include "ir/walk.h"
#include "source/suggest.h"

namespace provisio::sema {

// Small type helpers shared by the lowering passes.
inline ir::Type T(ir::TypeKind k) { return ir::Type{k, -1}; }
inline bool IsNumber(ir::Type t) {
  return t.kind == ir::TypeKind::Int || t.kind == ir::TypeKind::Decimal || t.kind == ir::TypeKind::Rate;
}
inline bool IsError(ir::Type t) { return t.kind == ir::TypeKind::Error; }

// One provision in an `extends` chain: the derived one first.
struct Layer {
  const ast::Provision* provision;
  int32_t file;  // index into the compilation's files: where its names resolve
};

// Names visible while lowering one provision's expressions.
struct Scope {
  std::string provision_id;
  std::vector<Layer> layers;
  int32_t home_file = 0;         // the file whose params the current expression sees
  std::vector<int32_t> queries;  // the lists of the enclosing queries, innermost last
  ir::ExprPtr event;             // the event date, as lowered from its fact or expression
  std::map<std::string, ir::ExprPtr> lowered;  // lets, overrides and outputs already lowered
  std::set<std::string> lowering;              // names being lowered (cycle check)
  std::set<std::string> used;                  // names referenced
};

class Checker {
 public:
  Checker(const std::vector<ast::Policy>& files, const source::SourceSet& sources, diag::Emitter& emitter)
      : files_(files), sources_(sources), emitter_(emitter) {}
  std::optional<ir::Module> Run();

  // expressions (lower_expr.cpp)
  ir::ExprPtr Lower(const ast::Expr& e, Scope& scope);
  ir::ExprPtr LowerAs(const ast::Expr& e, ir::Type want, Scope& scope);  // checks the type
  // tiers (tiers.cpp)
  ir::ExprPtr LowerTier(const ast::Expr& e, const ast::Tier& tier, Scope& scope);
  ir::ExprPtr LowerCall(const ast::Expr& e, const ast::Call& call, Scope& scope);
  // The fact slot a date comes from, to name in run-time errors, or -1.
  int32_t OriginSlot(const ir::ExprPtr& date);

  // helpers shared by the passes
  ir::ExprPtr Make(source::Span span, ir::Type type, auto node) {
    auto e = std::make_shared<ir::Expr>();
    e->span = span;
    e->type = type;
    e->node = std::move(node);
    return e;
  }
  ir::ExprPtr WithSite(ir::ExprPtr e, const Scope& scope, std::string what);
  // Wraps a boolean in a coverage probe (a new coverage point).
  ir::ExprPtr Probe(ir::CoveragePoint::Kind kind, source::Span span, ir::ExprPtr x, std::string cite = "");
  ir::ExprPtr ErrorExpr(source::Span span) { return Make(span, ir::Type{}, ir::Const{}); }
  ir::ExprPtr ConstOf(const ast::Literal& lit, source::Span span);
  ir::ExprPtr FactRef(const std::string& name, source::Span span, bool presence);
  // `record.field` inside a query of a list of that record.
  ir::ExprPtr ListFieldRef(const ast::NameRef& ref, int32_t record, source::Span span, const Scope& scope);
  const schema::Schema& schema() const { return module_.schema; }
  int32_t Intern(const std::string& text);
  std::string TypeText(ir::Type t) const;
  std::optional<ir::Type> TypeNamed(const ast::Ident& name);

  diag::Emitter& emitter() { return emitter_; }
  const source::SourceSet& sources() const { return sources_; }
  std::pair<source::Span, std::string> UseFix(source::FileId file, const std::string& policy) const;

 private:
  // the schema (schema.cpp)
  void CollectSchema();
  std::optional<schema::Field> FieldOf(const ast::FieldDecl& d, const std::string& name);
  // provisions (provision.cpp)
  void CheckPolicyHeader();
  void CheckCalendars();
  std::optional<ir::Provision> LowerProvision(const ast::Provision& p);
  ir::Service ServiceOf(const ast::Provision& p);
  // dated params and amendments (params.cpp)
  ir::ExprPtr LowerParam(const ast::Param& p, int32_t file, ir::Type type, const Scope& scope);
  void RestateAmended();
  bool ResolveLayers(const ast::Provision& p, std::vector<Layer>& layers);
  void SetWindow(const ast::Provision& p, ir::Provision& out);
  // Overrides, drops and exception assignments must name something that exists.
  // Drops must remove a named condition or an output nothing still uses;
  // an override of a let or parameter must change something.
  void CheckOverrides(const std::vector<Layer>& layers, const std::set<std::string>& used);
  ir::ExprPtr LookupName(const ast::Ident& name, Scope& scope);
  ir::ExprPtr LowerOutput(const std::string& name, Scope& scope);
  void CollectNeeded(ir::Provision& p);
  void CollectGuards(ir::Provision& p);
  static bool ReadsElement(const ir::Expr& e, std::vector<int32_t> open = {});

  const std::vector<ast::Policy>& files_;
  const source::SourceSet& sources_;
  diag::Emitter& emitter_;
  ir::Module module_;
  std::unordered_map<std::string, int32_t> slot_of_;
  std::unordered_map<std::string, int32_t> string_ids_;
  std::map<std::string, int32_t> policy_files_;  // policy id → file index
  std::map<std::string, int32_t> calendar_ids_;   // calendar name → module calendar index
  int32_t calendar_ = -1;                         // the root policy's calendar
  std::optional<ast::Window> document_window_;

  std::set<int32_t> lists_read_;       // by the provision being lowered
  std::vector<ir::Let> lets_;          // of the provision being lowered
  std::set<std::string> used_params_;  // the root file's params that were read
  std::set<std::pair<int32_t, std::string>> checked_series_;  // params whose series was checked
  std::deque<ast::Provision> restated_;  // an amended policy's provisions, as the amending file has them
};

using source::Suggest;
// Conditions that can never or always be true, divisors that may be zero (conditions.cpp).
void CheckConditions(const ir::Provision& p, const source::SourceSet& sources, diag::Emitter& emitter);

}  // namespace provisio::sema
