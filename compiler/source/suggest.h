// Did-you-mean: the candidate closest to a misspelt name, for diagnostics
// and for errors on input keys.
#pragma once
#include <string>
#include <vector>

namespace provisio::source {

// The closest candidate by edit distance over code points, or "" when none is close.
std::string Suggest(const std::string& wrong, const std::vector<std::string>& candidates);
// "; did you mean `x`?" for the closest candidate, or "".
std::string DidYouMean(const std::string& wrong, const std::vector<std::string>& candidates);
// The names of `items` (anything with a `name`), as candidates.
template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

}  // namespace provisio::source
