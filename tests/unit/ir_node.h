// An IR node made by hand, for the unit tests that need a little IR.
#pragma once
#include <memory>

#include "ir/ir.h"

inline provisio::ir::ExprPtr Node(provisio::ir::Type type, auto node) {
  auto e = std::make_shared<provisio::ir::Expr>();
  e->type = type;
  e->node = std::move(node);
  return e;
}
