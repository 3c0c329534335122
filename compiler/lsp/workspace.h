// The documents an editor has open and what the compiler makes of each:
// a policy read with the editor's unsaved texts in place of the files,
// checked, its diagnostics grouped by file; and LSP positions (UTF-16 or
// UTF-32 units) to and from the compiler's spans (code points).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ast/ast.h"
#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace provisio::lsp {

// `file:///a/b%20c.prv` ↔ `/a/b c.prv`; "" for a URI that is not a file's.
std::string PathOfUri(const std::string& uri);
std::string UriOfPath(const std::string& path);

struct Position {
  uint32_t line = 0;       // from 0
  uint32_t character = 0;  // in the negotiated units, from 0
};
// Units of `character`: UTF-16 code units (the protocol's default) or code points.
Position PositionOf(const source::SourceFile& file, uint32_t offset, bool utf16);
uint32_t OffsetOf(const source::SourceFile& file, Position position, bool utf16);

// One open document compiled as the root policy.
struct Analysis {
  source::SourceSet sources;
  source::FileId root;
  std::vector<ast::Policy> files;  // the root first, then what it uses
  std::vector<diag::Diagnostic> diagnostics;
  const ast::Policy* Root() const { return files.empty() ? nullptr : &files.front(); }
};

// A diagnostic as published: with the files its places are in.
struct Published {
  const diag::Diagnostic* diagnostic;
  const source::SourceSet* sources;
};

class Workspace {
 public:
  explicit Workspace(std::vector<std::string> policy_path) : policy_path_(std::move(policy_path)) {}

  void Open(const std::string& uri, std::string text);  // also a change: the whole new text
  void Close(const std::string& uri);
  bool IsOpen(const std::string& uri) const { return documents_.contains(uri); }
  const std::string* Text(const std::string& uri) const;

  // Compiles every open document again (a change to one may change what
  // another reads). Returns each URI's diagnostics to publish, an empty list
  // for a URI that had some and has none now.
  const std::map<std::string, std::vector<Published>>& Analyse();
  // What was published for `uri` by the last analysis.
  const std::vector<Published>& DiagnosticsOf(const std::string& uri) const;
  // The last analysis of an open document, or null.
  const Analysis* AnalysisOf(const std::string& uri) const;

 private:
  std::vector<std::string> policy_path_;
  std::map<std::string, std::string> documents_;  // uri → text
  std::map<std::string, std::unique_ptr<Analysis>> analyses_;
  std::map<std::string, std::vector<Published>> published_;  // URIs with diagnostics now
  std::map<std::string, std::vector<Published>> last_;       // what the last analysis sent
  std::vector<std::string> closed_;                          // closed since: their diagnostics are cleared
};

}  // namespace provisio::lsp
