// `provisio check FILE…`: diagnostics only.
#include <iostream>

#include "driver/commands.h"
#include "driver/compile.h"

namespace provisio::driver {

int RunCheck(const std::vector<std::string>& files, bool json) {
  int status = 0;
  for (const auto& file : files) {
    int errors = 0;
    Compile(file, json ? std::cout : std::cerr, &errors, /*warnings=*/true, json);
    if (errors > 0) status = 1;
  }
  return status;
}

}  // namespace provisio::driver
