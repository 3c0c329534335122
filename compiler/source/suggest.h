// Did-you-mean: the candidate closest to a misspelt name, for diagnostics
// and for errors on input keys.
#pragma once
#include <string>
#include <vector>

namespace provisio::source {

// The closest candidate by edit distance over code points, or "" when none is close.
std::string Suggest(const std::string& wrong, const std::vector<std::string>& candidates);

}  // namespace provisio::source
