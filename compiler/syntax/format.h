// The canonical layout of a policy file (`provisio fmt`, the language
// server's formatting). Layout only: the same tokens in the same order,
// comments where they were, strings and numbers as written.
#pragma once
#include <optional>
#include <string>

#include "diag/emitter.h"
#include "source/source_file.h"

namespace provisio::syntax {

// The file laid out canonically, or nothing when it does not parse (the
// syntax errors go to `emitter`). Formatting a formatted file changes nothing.
//
// The layout: an item (policy, use, param, provision, group, …) starts a
// line at the margin; its clauses start lines two spaces in; what a `{ }`
// block holds (fields, tier bands, first arms, an exception's assignments)
// two spaces in from the line that opens it. Inside a clause the author's
// line breaks stay, each continuation two spaces in from the clause, and
// two more per bracket still open. Tokens are one space apart except where
// they bind (`a.b`, `f(x)`, `x, y`, `name:`); tier bands in a run align
// their `=>`, and trailing comments in a run of lines align. At most one
// blank line is kept between lines; none after `{` or before `}`.
std::optional<std::string> Format(const source::SourceSet& sources, source::FileId file, diag::Emitter& emitter);

}  // namespace provisio::syntax
