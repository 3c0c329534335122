// Internal to syntax: bounds on nesting and clause length, checked on the
// token stream before parsing, so that no input can exhaust the stack.
#pragma once
#include "antlr4-runtime.h"
#include "diag/emitter.h"

namespace provisio::syntax {

// False (with a diagnostic) when `tokens` nest too deeply or a clause is too long.
bool WithinLimits(antlr4::CommonTokenStream& tokens, source::FileId file, diag::Emitter& emitter);

}  // namespace provisio::syntax
