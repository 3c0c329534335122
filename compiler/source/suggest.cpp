// Did-you-mean: the closest candidate by edit distance over code points.
#include <algorithm>

#include "source/suggest.h"

#include <vector>

#include "source/source_file.h"

namespace provisio::source {

namespace {
std::u32string CodePoints(const std::string& s) {
  source::SourceFile f("", s);
  return f.code_points();
}

size_t Distance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string Suggest(const std::string& wrong, const std::vector<std::string>& candidates) {
  auto w = CodePoints(wrong);
  std::string best;
  size_t best_distance = std::max<size_t>(1, w.size() / 3) + 1;
  for (const auto& c : candidates) {
    // Compare the field part too: `person.birth` vs `birth_date`.
    size_t d = Distance(w, CodePoints(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string DidYouMean(const std::string& wrong, const std::vector<std::string>& candidates) {
  std::string hint = Suggest(wrong, candidates);
  return hint.empty() ? "" : "; did you mean `" + hint + "`?";
}

}  // namespace provisio::source
