// The rules in words for the published list: what a card says of a
// condition, a range, a set, a tier band, a cap, and the facts' names.
#include <doctest/doctest.h>

#include "ir_node.h"

#include "doc/words.h"

using namespace provisio::ir;
using provisio::doc::Label;
using provisio::doc::Words;

namespace {
const Type kBool{TypeKind::Bool, -1}, kInt{TypeKind::Int, -1}, kRate{TypeKind::Rate, -1}, kMoney{TypeKind::Money, -1};
ExprPtr Int(int64_t v) { return Node(kInt, Const{v, 1}); }

struct Fixture {
  Module m;
  Provision p;
  std::map<std::string, std::string> titles;
  Fixture() {
    using V = provisio::schema::ValueType;
    m.schema.facts.push_back({"unit.headcount", V::Int, -1, false, {}, {}, "参保职工人数 (rounded)"});
    m.schema.facts.push_back({"unit.rate", V::Rate, -1, false, {}, {}, "裁员率; as a fraction"});
    m.schema.facts.push_back({"unit.paid", V::Money, -1, false, {}, {}, "the premium paid"});
    m.slots.push_back({"unit.headcount", kInt, false, 0});
    m.slots.push_back({"unit.rate", kRate, false, 1});
    m.slots.push_back({"unit.paid", kMoney, false, 2});
  }
  std::string Of(const ExprPtr& e) { return Words(m, p, titles).Of(*e); }
};
}  // namespace

TEST_CASE("a fact is named by its description, short; without Chinese, by its name") {
  CHECK(Label("参保职工人数 (rounded)", "x") == "参保职工人数");
  CHECK(Label("上年度裁员人数: 解除、终止劳动关系的人数", "x") == "上年度裁员人数");
  CHECK(Label("毕业(离校)日期; absent unless graduated", "x") == "毕业(离校)日期");
  CHECK(Label("劳动合同期限 in months", "x") == "劳动合同期限");
  CHECK(Label("the premium paid", "unit.paid") == "unit.paid");
}

TEST_CASE("comparisons read as the law writes them") {
  Fixture f;
  auto headcount = Node(kInt, FactLoad{0});
  auto rate = Node(kRate, FactLoad{1});
  CHECK(f.Of(Node(kBool, Compare{Compare::Op::Le, headcount, Int(30)})) == "参保职工人数不超过30");
  CHECK(f.Of(Node(kBool, Compare{Compare::Op::Le, rate, Node(kRate, Const{11, 200})})) == "裁员率不高于5.5%");
  // `a or (b and c)`: the and in brackets
  auto both = Node(kBool, Logic{Logic::Op::And, Node(kBool, Compare{Compare::Op::Le, headcount, Int(30)}),
                                Node(kBool, Compare{Compare::Op::Le, rate, Node(kRate, Const{1, 5})})});
  auto either = Node(kBool, Logic{Logic::Op::Or, Node(kBool, Compare{Compare::Op::Le, rate, Node(kRate, Const{11, 200})}), both});
  CHECK(f.Of(either) == "裁员率不高于5.5%，或（参保职工人数不超过30，且裁员率不高于20%）");
  // `headcount in 16 .. 24`, desugared
  auto range = Node(kBool, Logic{Logic::Op::And, Node(kBool, Compare{Compare::Op::Ge, headcount, Int(16)}),
                                 Node(kBool, Compare{Compare::Op::Le, headcount, Int(24)}), true});
  CHECK(f.Of(range) == "参保职工人数为16至24");
}

TEST_CASE("money reads in yuan, a cap as 最高") {
  Fixture f;
  auto paid = Node(kMoney, FactLoad{2});
  CHECK(f.Of(Node(kMoney, Const{150000, 1})) == "1500元");
  CHECK(f.Of(Node(kMoney, Const{150050, 1})) == "1500.50元");
  auto capped = Node(kMoney, Builtin{Builtin::Fn::Min, {Node(kMoney, Arith{Arith::Op::Mul, paid, Node(kRate, Const{3, 5})}),
                                                        Node(kMoney, Const{50000000, 1})}});
  CHECK(f.Of(capped) == "unit.paid × 60%（最高500000元）");
}
