// Sema: checks the policies of one compilation (names, types and units,
// tiers, windows, citations, overrides) and lowers the root policy's
// provisions to the typed IR. Reports every error it finds.
#pragma once
#include <optional>
#include <vector>

#include "ast/ast.h"
#include "diag/emitter.h"
#include "ir/ir.h"

namespace provisio::sema {

// files[0] is the root policy; the others are what it uses.
std::optional<ir::Module> Check(const std::vector<ast::Policy>& files, const source::SourceSet& sources,
                                diag::Emitter& emitter);

}  // namespace provisio::sema
