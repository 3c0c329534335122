// A provision's compiled rules in words, for the published policy list
// (政策清单): conditions, values, tiers as tables. The words come from the
// IR the native code is made from, so what the list says is what is paid.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace provisio::doc {

// What a fact's or field's description calls it, short: the text before a
// parenthesis, a semicolon, a comma or an English gloss; `fallback` when
// that leaves no Chinese.
std::string Label(const std::string& description, const std::string& fallback);

// 2023年6月1日.
std::string DateWords(int64_t day);

// A tier (or `first`) as a table: what it is keyed on (empty for `first`),
// and per band (or case) its words and its value.
struct Table {
  std::string key;
  bool dated = false;  // a parameter's values over time, keyed on the event date
  std::vector<std::pair<std::string, std::string>> rows;
};

class Words {
 public:
  // `titles`: the provisions' titles by id, across the policies shown, for
  // a text constant that names one.
  Words(const ir::Module& module, const ir::Provision& provision, const std::map<std::string, std::string>& titles);

  std::string Of(const ir::Expr& e) const;
  std::string Fact(int32_t slot) const;
  // The table when `e` is (a named value that is) a tier or `first`; no rows otherwise.
  Table TableOf(const ir::Expr& e) const;
  // The value of a named value or output, looked through its name once.
  const ir::Expr& Definition(const ir::Expr& e) const;
  bool IsOutput(const std::string& name) const;

 private:
  std::string Const(ir::Type type, int64_t a, int64_t b) const;
  std::string Compare(const ir::Compare& c, ir::Type operand) const;
  std::string Logic(const ir::Logic& l) const;
  std::string Grouped(const ir::Expr& e, ir::Logic::Op parent) const;  // in （…） when it is the other of and / or
  std::string Band(const ir::Expr& cond) const;
  const ir::Expr& Shown(const ir::Expr& e) const;

  const ir::Module& m_;
  const ir::Provision& p_;
  const std::map<std::string, std::string>& titles_;
};

}  // namespace provisio::doc
