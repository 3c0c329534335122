// What a built module carries to answer JSON as `provisio eval` does,
// without the front end: the policy's sources (for the places errors
// name) and the part of the IR the decoder and the renderer read — the
// schema, the fact slots, each provision's window, rules, outputs and what
// it reads, the failure sites and the strings. Expressions are not carried:
// the module's native code computes them. A plain byte format, written by
// `provisio build` and read back once by the module.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "eval/evaluator.h"

namespace provisio::embed {

std::string Serialize(const eval::CompiledPolicy& policy);
// The policy back, or null when `blob` is not one this build wrote.
std::unique_ptr<eval::CompiledPolicy> Deserialize(std::string_view blob);

}  // namespace provisio::embed
