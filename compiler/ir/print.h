// A stable text form of the IR, for goldens and `eval --dump=ir`.
#pragma once
#include <string>

#include "ir/ir.h"

namespace provisio::ir {

std::string Print(const Module& module, const source::SourceSet& sources);
// What a coverage point is, in reports: condition, band, case, exception.
const char* KindWord(CoveragePoint::Kind kind);
// A rule's state in reports: met, failed, not_assessed, not_evaluated.
const char* StateWord(RuleState state);
// A day number as "YYYY-MM-DD".
std::string DateText(int64_t day);

}  // namespace provisio::ir
