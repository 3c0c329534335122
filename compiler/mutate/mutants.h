// Mutants of a policy, made on its IR: each constant moved by one step of
// its type, each comparison swapped with its neighbour, `and` with `or`,
// each condition negated and dropped, each exception's condition negated,
// each duration and window end moved by one. A suite that passes on a
// mutant does not pin down the edge it moved (`provisio test --mutants`).
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"
#include "source/source_file.h"

namespace provisio::mutate {

struct Mutant {
  int provision = -1;
  source::Span span;       // what it changes, in the policy's text
  std::string change;      // `5.5% → 5.6%`, `<= → <`, `condition negated`, …
  std::string equivalent;  // why no case can tell it apart (a declared range), or empty
  // How: nodes of the provision replaced (every copy of what the text writes
  // once, such as a parameter read twice), or a condition or its window changed.
  std::vector<std::pair<const ir::Expr*, ir::ExprPtr>> replace;
  int rule = -1;  // a condition negated or dropped: its index
  bool drop = false;
  int64_t window_from = 0, window_to = 0;  // days added to the window's ends
};

// Every mutant of every provision of `module`.
std::vector<Mutant> Mutants(const ir::Module& module, const source::SourceSet& sources);

// `module` with one mutant applied (the other provisions shared, unchanged).
ir::Module Apply(const ir::Module& module, const Mutant& mutant);

}  // namespace provisio::mutate
