// The typed IR: what sema produces and codegen consumes. It sits between
// the AST and LLVM. Names, lets, params, tiers, `within`, exceptions and
// overrides are gone: every value is a typed expression over fact slots,
// the event date and constants. Money is i64 fen; rates and decimals are
// exact ratios (num, den > 0); dates are day numbers; text and enum words
// are interned ids. Invariants (checked by Verify): every node's operand
// types fit its operation; every slot index is in range; a list field
// appears only inside a query of its list.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "schema/schema.h"
#include "source/source_file.h"

namespace provisio::ir {

using source::Span;

enum class TypeKind { Error, Bool, Int, Decimal, Rate, Money, Date, Text, Enum, Duration };

struct Type {
  TypeKind kind = TypeKind::Error;
  int32_t enum_id = -1;  // for Enum: index into the module schema's enums
  friend bool operator==(const Type&, const Type&) = default;
  bool IsRatio() const { return kind == TypeKind::Decimal || kind == TypeKind::Rate; }
};

// The IR type of a declared fact or record field.
inline Type TypeOf(const schema::Field& f) {
  using V = schema::ValueType;
  switch (f.type) {
    case V::Bool: return {TypeKind::Bool};
    case V::Int: return {TypeKind::Int};
    case V::Decimal: return {TypeKind::Decimal};
    case V::Rate: return {TypeKind::Rate};
    case V::Money: return {TypeKind::Money};
    case V::Date: return {TypeKind::Date};
    case V::Text: return {TypeKind::Text};
    case V::Enum: return {TypeKind::Enum, f.enum_id};
  }
  return {};
}

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;  // shared: a let used twice is one tree

// A constant: `a` holds the value; for a ratio, a/b.
struct Const {
  int64_t a = 0, b = 1;
};
// Reads fact slot `slot`; an optional fact that is absent fails with PRV_MISSING_FACT.
struct FactLoad {
  int32_t slot;
};
// True when optional fact slot `slot` is present.
struct FactPresent {
  int32_t slot;
};
// Field `field` of the element being visited by the innermost query of list
// `list`. An absent optional field reads as no value of its type: an id
// no text has, or the smallest int64.
struct ListField {
  int32_t list;
  int32_t field;  // index into the list's record's fields
};
// -x (Int, Decimal, Rate, Money) or not x (Bool).
struct Unary {
  enum class Op { Neg, Not } op;
  ExprPtr x;
};
// Arithmetic by operand types: Money×Ratio rounds half up to the fen;
// overflow fails with PRV_OVERFLOW, a zero divisor with PRV_DIV_ZERO.
struct Arith {
  enum class Op { Add, Sub, Mul, Div } op;
  ExprPtr l, r;
};
// Comparison of two values of one comparable type (Int/Ratio mix allowed).
struct Compare {
  enum class Op { Eq, Ne, Lt, Le, Gt, Ge } op;
  ExprPtr l, r;
};
// Short-circuit and / or. `desugared`: written as `x in [a, b]` or
// `x in a .. b`, so one condition to coverage, not one per operand.
struct Logic {
  enum class Op { And, Or } op;
  ExprPtr l, r;
  bool desugared = false;
};
// cond ? then : else; only the chosen branch is evaluated.
struct Select {
  ExprPtr cond, then_value, else_value;
};
// date ± amount in days, months (years are 12 months) or working days of
// calendar `calendar`; fails with PRV_DATE_RANGE or PRV_CALENDAR_RANGE.
struct DateShift {
  enum class Unit { Days, Months, WorkingDays } unit;
  ExprPtr date;
  int64_t amount;
  int32_t calendar = -1;
  int32_t origin_slot = -1;  // the fact the date comes from, to name in errors
};
// Built-in functions.
struct Builtin {
  enum class Fn { Age, Year, Round, Max, Min } fn;
  std::vector<ExprPtr> args;
};
// Number of elements of list `list` (or whether any) for which `where` holds.
struct ListQuery {
  int32_t list;
  bool any = false;
  ExprPtr where;  // null: every element
};
// The value of the provision's named value `let` (Provision::lets): computed
// at its first use in a record, then reused.
struct LetRef {
  int32_t let;
};
// Always fails with `status` (a tier key outside every band).
struct Fail {
  int32_t status;
};
// Evaluates the boolean `x` and, when coverage is collected, counts its
// outcome at coverage point `point`.
struct Probe {
  int32_t point;
  ExprPtr x;
};

struct Expr {
  Span span;
  Type type;
  int32_t site = -1;  // index into Module::sites when the node can fail
  std::variant<Const, FactLoad, FactPresent, ListField, Unary, Arith, Compare, Logic, Select,
               DateShift, Builtin, ListQuery, LetRef, Fail, Probe>
      node;
};

// A named value (a let, an override, or an output other expressions read).
// Its value reads only named values before it.
struct Let {
  Span span;
  std::string name;
  Type type;
  ExprPtr value;
  std::string title;  // what the published list calls it; empty: it says the value
};

// One condition of eligibility, with the words of its reason. `guards`: the
// earlier conditions it depends on (they read a fact or named value it
// reads), ascending; one of them failing is what leaves it not assessed.
struct Rule {
  Span span;
  std::string name;  // its label, else condition_N (N from 1, in the text's order)
  ExprPtr cond;
  std::string reason;
  std::string cite;
  std::vector<int32_t> guards;
};

struct Output {
  // What an ineligible record gets: zero (money), or the value when it can
  // be computed, else no value.
  enum class WhenIneligible { Zero, IfComputable };
  Span span;
  std::string name;
  Type type;
  ExprPtr value;
  WhenIneligible when_ineligible = WhenIneligible::IfComputable;
  std::string title;
};

// How the public is served (政策清单's 经办渠道, 申请流程, …), as the
// provision's own document states it: nothing is inherited through
// `extends`, and nothing here takes part in the decision.
struct ServiceKey {
  const char* key;
  const char* label;
};
// The items `service KEY "text", …` may give, in the order a card lists them
// (`service deadline N [working] days` gives 办理期限).
inline constexpr ServiceKey kServiceTexts[] = {
    {"channel", "经办渠道"}, {"process", "申请流程"}, {"materials", "申报材料"}, {"funding", "资金来源"}, {"department", "牵头部门"}};
struct Service {
  std::vector<std::pair<std::string, std::vector<std::string>>> texts;  // key, its texts, in kServiceTexts' order
  std::optional<int64_t> deadline_days;  // 办理期限
  bool deadline_working = false;         // in working days of the policy's calendar
  std::vector<std::string> serves;       // the groups it serves
  std::vector<std::string> quote;        // the article's own words, paragraph by paragraph
};

// The decision protocol, in this order, for one record:
//  1. `event` is evaluated; outside [window_from, window_to] the record is
//     ineligible with the window as its one ground; no rule is evaluated
//     (state Unseen); money outputs are zero, the others have no value.
//  2. `grant`, when present, is evaluated; when it holds the rules are
//     waived (state Unseen) and the record is eligible.
//  3. Every rule is evaluated, in order: Met, Failed, or NotAssessed — a
//     run-time failure (a missing optional fact, a zero divisor, …) once an
//     earlier rule has failed. The same failure with no rule failed before
//     fails the record.
//  4. All Met: eligible; every output is computed (a failure fails the record).
//  5. Otherwise ineligible: each output as its WhenIneligible says; the
//     grounds are the Failed and NotAssessed rules, in order.
// Each let is computed at most once per record, at its first use.
enum class RuleState : uint8_t { Unseen = 0, Met = 1, Failed = 2, NotAssessed = 3 };

struct Provision {
  Span span;
  std::string id;  // the catalog's full id: policy.provision
  std::string title;
  std::string cite;
  int64_t window_from = 0;
  std::optional<int64_t> window_to;
  ExprPtr event;
  std::vector<Let> lets;
  std::vector<Rule> rules;
  ExprPtr grant;  // when it holds the rules are waived (an exception); may be null
  std::vector<Output> outputs;
  std::vector<int32_t> needed_slots;  // every fact it may read, in first-read order
  std::vector<int32_t> lists_read;    // every list it may query (index into the schema's lists)
  Service service;
};

// A fact a provision of the module reads.
struct FactSlot {
  std::string name;  // "group.name"
  Type type;
  bool optional = false;  // may be absent by nature
  int32_t fact = -1;      // index into the schema's facts
};

struct Calendar {
  std::string name;
  int64_t first_day = 0;
  std::vector<uint8_t> working;
};

// What rule coverage measures: a condition made true and false, a tier
// band or a `first` arm landed in, an exception fired.
struct CoveragePoint {
  enum class Kind { Condition, Band, Arm, Exception, Dated } kind;  // Dated: a dated value in force
  Span span;
  int32_t provision;  // index into Module::provisions
  std::string text;   // the source text, for the report
  std::string cite;   // an exception's article (empty: the provision's)
};

// A place that can fail at run time, for error messages.
struct Site {
  Span span;
  std::string provision;
  std::string what;
};

struct Module {
  std::string policy_id;
  std::string title;
  std::string source_doc;
  schema::Schema schema;  // everything declared; slots are what provisions read
  std::vector<FactSlot> slots;
  std::vector<Provision> provisions;
  std::vector<Calendar> calendars;
  std::vector<Site> sites;
  std::vector<CoveragePoint> coverage;
  std::vector<std::string> strings;  // interned text: id = index
};

}  // namespace provisio::ir
