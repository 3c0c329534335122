// The language server: LSP 3.17 over a stream (stdin and stdout for
// `provisio lsp`). Diagnostics on open and on change, with related places
// and did-you-mean fixes as code actions; hover; go to definition; completion;
// the outline; formatting. One request at a time, answered in order.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace provisio::lsp {

// Serves until `exit` or the end of `in`. Returns 0 after `shutdown` then
// `exit`, 1 when the client left without shutting down or the stream broke,
// 3 when `out` could not be written.
int Serve(std::istream& in, std::ostream& out, std::ostream& log, std::vector<std::string> policy_path);

}  // namespace provisio::lsp
