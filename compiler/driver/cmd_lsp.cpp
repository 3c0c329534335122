// `provisio lsp`: the language server on stdin and stdout, reading `use`d
// files from the --policy-path folders as `check` does.
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"
#include "lsp/server.h"

namespace provisio::driver {

int RunLsp() {
  std::ios::sync_with_stdio(false);
  return lsp::Serve(std::cin, std::cout, std::cerr, PolicyPath());
}

}  // namespace provisio::driver
