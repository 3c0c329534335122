// Syntax: policy text → ast::Policy. The ANTLR parse tree lives and dies
// in this module; errors become registry diagnostics.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/emitter.h"

namespace provisio::syntax {

// Parses one file. Returns the tree even with errors (best effort), so
// that later files can still be read; the emitter counts the errors.
ast::Policy Parse(const source::SourceSet& sources, source::FileId file, diag::Emitter& emitter);

// The language's keywords, as the grammar spells them (`policy`, `require`, …).
const std::vector<std::string>& Keywords();

// Reads `path` and every file it `use`s (relative to the using file, else
// to a folder of `policy_path`), each once, the root first. A used file
// must lie under the policy roots: the folder of `path` and each folder of
// `policy_path`.
// `open` holds texts to read instead of the files (an editor's unsaved
// buffers), by absolute path.
std::vector<ast::Policy> Load(const std::string& path, source::SourceSet& sources, diag::Emitter& emitter,
                              const std::vector<std::string>& policy_path = {},
                              const std::map<std::string, std::string>* open = nullptr);

}  // namespace provisio::syntax
