// The IR verifier catches broken invariants.
#include <doctest/doctest.h>

#include "ir_node.h"

#include "ir/verify.h"

using namespace provisio::ir;

namespace {
Module OneProvision(ExprPtr rule) {
  Module m;
  // A test schema: one date fact, one list of records with an int field.
  m.schema.facts.push_back({"case.day", provisio::schema::ValueType::Date});
  m.schema.records.push_back({"visit", "", {{"count", provisio::schema::ValueType::Int}}});
  m.schema.lists.push_back({"visits", 0});
  m.slots.push_back({"case.day", Type{TypeKind::Date, -1}, false, 0});
  Provision p;
  p.id = "t.p";
  p.event = Node(Type{TypeKind::Date, -1}, FactLoad{0});
  p.rules.push_back({{}, "r", std::move(rule), "r", "一", {}});
  m.provisions.push_back(std::move(p));
  return m;
}
}  // namespace

TEST_CASE("a sound module verifies clean") {
  auto rule = Node(Type{TypeKind::Bool, -1}, Const{1, 1});
  CHECK(Verify(OneProvision(rule)).empty());
}

TEST_CASE("a list field outside a query of its list is caught") {
  auto field = Node(Type{TypeKind::Int, -1}, ListField{0, 0});
  auto rule = Node(Type{TypeKind::Bool, -1}, Compare{Compare::Op::Eq, field, Node(Type{TypeKind::Int, -1}, Const{3, 1})});
  auto problems = Verify(OneProvision(rule));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("list field outside") != std::string::npos);
  // Inside a query of its list it is sound.
  auto query = Node(Type{TypeKind::Bool, -1}, ListQuery{0, true, rule});
  CHECK(Verify(OneProvision(query)).empty());
}

TEST_CASE("a slot out of range and and/or of non-bools are caught") {
  auto bad_slot = Node(Type{TypeKind::Bool, -1}, FactPresent{7});
  auto number = Node(Type{TypeKind::Int, -1}, Const{1, 1});
  auto rule = Node(Type{TypeKind::Bool, -1}, Logic{Logic::Op::And, bad_slot, number});
  auto problems = Verify(OneProvision(rule));
  CHECK(problems.size() == 2);
}
