// The front of every subcommand: read a policy and what it uses, check
// it, lower it to IR; diagnostics go to the given stream.
#pragma once
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/consumers.h"
#include "eval/evaluator.h"
#include "ir/ir.h"
#include "ir/print.h"
#include "source/source_file.h"

namespace provisio::driver {

using eval::CompiledPolicy;

// Returns null when the policy has errors (all of them printed, sorted).
// Warnings are printed only when asked for (`check` asks; `eval` does not).
// With `json`, one JSON object per diagnostic line (for CI) instead of text.
std::unique_ptr<CompiledPolicy> Compile(const std::string& path, std::ostream& diagnostics, int* errors = nullptr,
                                        bool warnings = false, bool json = false);

// The --policy-path folders: files a policy `use`s must lie under its own
// folder or one of these. Set once, from the command line.
void SetPolicyPath(std::vector<std::string> folders);
const std::vector<std::string>& PolicyPath();

// Finds a provision by its full id (policy.provision) or, when unambiguous,
// by its short name. Returns its index or -1.
int FindProvision(const ir::Module& module, const std::string& id);

using ir::DateText;
using source::Location;

}  // namespace provisio::driver
