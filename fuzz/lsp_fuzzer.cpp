// libFuzzer target: arbitrary bytes as what an editor sends `provisio lsp`
// (framed JSON-RPC: documents opened and changed, hovers, completions, …).
// Any crash, hang or sanitizer report is a bug; so is a server that stops
// reading before the input ends without having been told to exit.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "lsp/server.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream out, log;
  provisio::lsp::Serve(in, out, log, {});
  return 0;
}
