// A unified diff of two texts, line by line (what `fmt --check` shows).
#pragma once
#include <string>

namespace provisio::driver {

// "--- a\n+++ b\n@@ … @@" hunks with three lines of context; "" when equal.
std::string UnifiedDiff(const std::string& name_a, const std::string& name_b, const std::string& a,
                        const std::string& b);

}  // namespace provisio::driver
