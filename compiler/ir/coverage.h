// Condition coverage over the IR: every condition of a rule, and every
// operand of its and / or / not down to the atoms, becomes a coverage point,
// following the rule into the lets it reads, so a condition written through
// a let counts exactly as the same condition written inline.
#pragma once
#include "ir/ir.h"
#include "source/source_file.h"

namespace provisio::ir {

// Adds the points of provision `p` (index `index` of `m`) to m.coverage and
// wraps its conditions in probes.
void CoverConditions(Module& m, Provision& p, int32_t index, const source::SourceSet& sources);

}  // namespace provisio::ir
