// The syntax tree of a policy file: plain structs in std::variant, each
// node with its span. No ANTLR and no LLVM here; passes live outside.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "source/source_file.h"

namespace provisio::ast {

using source::Span;

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Ident {
  Span span;
  std::string text;
};

enum class DurationUnit { Days, Months, Years, WorkingDays };
struct Duration {
  int64_t count = 0;
  DurationUnit unit = DurationUnit::Days;
};

// Literal values are decoded by the parser: money in fen, decimals and
// percents as exact ratios, dates as day numbers.
struct Literal {
  enum class Kind { Int, Decimal, Percent, Money, Date, Text, Bool, Duration } kind;
  std::string spelling;
  int64_t value = 0;  // int, fen, day number, bool, or ratio numerator
  int64_t den = 1;    // ratio denominator
  std::string text;   // a string literal's contents
  Duration duration;
};

struct NameRef {
  std::vector<Ident> parts;  // `x`, a fact `group.name`, or a record field `record.field`
};
struct EventRef {};
struct Unary {
  enum class Op { Neg, Not } op;
  ExprPtr operand;
};
struct Binary {
  enum class Op { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or } op;
  ExprPtr lhs, rhs;
};
// `subject within N unit of anchor`: anchor ≤ subject ≤ anchor + N unit.
struct Within {
  ExprPtr subject;  // null: the event date
  Duration duration;
  Span duration_span;
  ExprPtr anchor;
};
struct InRange {
  ExprPtr subject, lo, hi;
};
struct InSet {
  ExprPtr subject;
  std::vector<ExprPtr> items;
};
struct If {
  ExprPtr cond, then_value, else_value;
};
struct Call {
  Ident callee;
  std::vector<ExprPtr> args;
};
// count(LIST where …) or any(LIST where …) over a declared list of records.
struct ListQuery {
  bool any = false;  // any(...) vs count(...)
  Ident list;
  ExprPtr where;     // null: every element
};
struct Band {
  Span span;
  enum class Kind { Below, HalfOpen, Closed, From, Point } kind;
  std::optional<Literal> lo, hi;
  Span lo_span, hi_span;
  ExprPtr value;
};
struct Tier {
  ExprPtr key;
  std::vector<Band> bands;
};
struct Arm {
  ExprPtr cond, value;
};
// First arm whose condition holds; `otherwise` when none does.
struct First {
  std::vector<Arm> arms;
  ExprPtr otherwise;
};

struct Expr {
  Span span;
  std::variant<Literal, NameRef, EventRef, Unary, Binary, Within, InRange, InSet, If, Call, ListQuery,
               Tier, First>
      node;
};

struct Window {
  Span span;
  int64_t from = 0;
  std::optional<int64_t> to;  // none: open-ended
};

struct Let {
  Ident name;
  ExprPtr value;
  std::string title;  // what the published list calls it (`let NAME "title" = …`)
};
struct Require {
  Span span;
  std::optional<Ident> label;  // names the condition, so that a derived provision can drop it
  ExprPtr cond;
  std::string reason;  // empty: the condition's own text is the reason
  std::string cite;    // empty: the provision's
};
struct Output {
  Ident name;
  Ident type;
  ExprPtr value;
  std::string title;
};
struct Assignment {
  Ident name;
  ExprPtr value;
};
// An exception replaces outputs' values when its condition holds; with
// `eligible` it also makes the provision eligible whatever its conditions.
struct Exception {
  Ident name;
  ExprPtr cond;
  std::string cite;
  bool grants_eligibility = false;
  std::vector<Assignment> assignments;
};
// `override NAME = expr` in a provision that extends another.
struct Override {
  Ident name;
  ExprPtr value;
};

// `service KEY "text", …` or `service deadline N [working] days`: how the
// public is served, for the published list; no part of the decision.
struct ServiceItem {
  Span span;
  Ident key;
  std::vector<std::string> texts;
  std::optional<Duration> duration;
  Span duration_span;
};

struct QualifiedRef {
  Span span;
  std::string policy;
  Ident provision;
};

struct Provision {
  Ident name;
  std::string title;
  std::optional<QualifiedRef> base;
  std::optional<std::pair<Span, std::string>> cite;
  std::optional<Window> window;
  ExprPtr event;  // null: the schema's default event
  std::vector<Let> lets;
  std::vector<Require> conditions;
  std::vector<Output> outputs;
  std::vector<Exception> exceptions;
  std::vector<Override> overrides;
  std::vector<Ident> drops;  // base conditions and outputs a derived provision leaves out
  std::vector<ServiceItem> service;
  std::vector<std::string> serves;
  std::optional<Span> serves_span;
  std::vector<std::string> quote;
};

// `from DATE [to DATE] = value [cite "…"]`, or `… none`: a stretch with no value.
struct DatedValue {
  Span span;
  int64_t from = 0;
  std::optional<int64_t> to;
  ExprPtr value;  // null: none
  std::string cite;
};

struct Param {
  Ident name;
  Ident type;
  ExprPtr value;  // null when dated
  std::string cite;
  std::vector<DatedValue> series;  // its dated values, as written
};

// `amend policy.param from …` or `amend policy.provision effective … [cite …]`.
struct Amend {
  Span span;
  QualifiedRef target;
  std::vector<DatedValue> series;
  std::optional<Window> window;
  std::string cite;
};

struct CalendarRange {
  Span span;
  int64_t from = 0, to = 0;
};
struct Calendar {
  Ident name;
  std::string title;
  std::optional<std::pair<int64_t, int64_t>> years;
  Span years_span;
  std::vector<CalendarRange> holidays;
  std::vector<CalendarRange> workdays;
  std::optional<Span> weekend_span;  // `weekend saturday sunday`
  std::vector<Ident> weekend;
};

// Schema: `group person "劳动者" { birth_date: date "出生日期" … }`.
struct FieldDecl {
  Span span;
  Ident name;
  Ident type;  // a type name, or `enum` with `words`
  std::vector<std::pair<Ident, std::string>> words;  // word, label
  std::optional<Literal> min, max;
  Span bound_span;
  bool optional = false;
  std::string description;
};
struct GroupDecl {
  Ident name;
  std::string title;
  std::vector<FieldDecl> fields;
};
struct RecordDecl {
  Ident name;
  std::string title;
  std::vector<FieldDecl> fields;
};
struct ListDecl {
  Span span;
  Ident name, record;
  std::string title;
};
// `event group.name`: the fact whose date a provision is assessed on by default.
struct EventDecl {
  Span span;
  std::string fact;
};

struct PolicyHeader {
  Span span;
  std::string id;
  std::string title;
  std::string source;
  std::optional<Window> window;
  std::optional<Ident> calendar;
};

struct Use {
  Span span;
  std::string path;
};

struct Policy {
  source::FileId file;
  std::optional<PolicyHeader> header;
  std::vector<Use> uses;
  std::vector<Calendar> calendars;
  std::vector<Param> params;
  std::vector<Provision> provisions;
  std::vector<GroupDecl> groups;
  std::vector<RecordDecl> records;
  std::vector<ListDecl> lists;
  std::vector<EventDecl> events;
  std::vector<Amend> amends;
};

}  // namespace provisio::ast
