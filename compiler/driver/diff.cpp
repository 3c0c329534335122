#include "driver/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace provisio::driver {

namespace {
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// One line of the edit script: ' ' kept, '-' removed, '+' added.
struct Edit {
  char op;
  size_t a, b;  // line numbers (from 0) in each text, before this line
};

// The longest common subsequence of the middle, past the common ends;
// a middle too large for the table is one replacement.
std::vector<Edit> Script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<Edit> out;
  for (size_t i = 0; i < head; ++i) out.push_back({' ', i, i});
  if (n * m <= size_t{4} << 20) {
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) out.push_back({' ', head + i++, head + j++});
      else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) out.push_back({'-', head + i++, head + j});
      else out.push_back({'+', head + i, head + j++});
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.push_back({'-', head + i, head});
    for (size_t j = 0; j < m; ++j) out.push_back({'+', head + n, head + j});
  }
  for (size_t k = 0; k < tail; ++k) out.push_back({' ', head + n + k, head + m + k});
  return out;
}
}  // namespace

std::string UnifiedDiff(const std::string& name_a, const std::string& name_b, const std::string& a,
                        const std::string& b) {
  if (a == b) return "";
  auto la = Lines(a), lb = Lines(b);
  auto script = Script(la, lb);
  std::string out = fmt::format("--- {}\n+++ {}\n", name_a, name_b);
  constexpr size_t kContext = 3;
  for (size_t k = 0; k < script.size();) {
    if (script[k].op == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the last change near it.
    size_t from = k >= kContext ? k - kContext : 0, last = k;
    for (size_t t = k + 1; t < script.size(); ++t)
      if (script[t].op != ' ') {
        if (t - last - 1 > 2 * kContext) break;
        last = t;
      }
    size_t to = std::min(script.size(), last + 1 + kContext);
    size_t na = 0, nb = 0;
    for (size_t t = from; t < to; ++t) {
      if (script[t].op != '+') ++na;
      if (script[t].op != '-') ++nb;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", script[from].a + (na ? 1 : 0), na, script[from].b + (nb ? 1 : 0), nb);
    for (size_t t = from; t < to; ++t)
      out += fmt::format("{}{}\n", script[t].op, script[t].op == '+' ? lb[script[t].b] : la[script[t].a]);
    k = to;
  }
  return out;
}

}  // namespace provisio::driver
