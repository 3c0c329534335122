// Checks the IR's invariants (see ir.h): operand types fit their
// operation, slot, site, calendar and coverage indices are in range, list
// fields appear only inside queries of their list. Used by tests and debug builds.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"

namespace provisio::ir {

// Returns one line per broken invariant; empty when the module is sound.
std::vector<std::string> Verify(const Module& module);

}  // namespace provisio::ir
