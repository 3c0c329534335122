// A stable text form of the IR, for goldens and `eval --dump=ir`.
#pragma once
#include <string>

#include "ir/ir.h"

namespace provisio::ir {

std::string Print(const Module& module, const source::SourceSet& sources);
// A day number as "YYYY-MM-DD".
std::string DateText(int64_t day);

}  // namespace provisio::ir
