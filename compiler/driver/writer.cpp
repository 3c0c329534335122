#include "driver/writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace provisio::driver {

bool Writer::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;  // finish the line: output ends at a record boundary
    if (n <= 0) {
      error_ = n < 0 ? std::strerror(errno) : "nothing was written";
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace provisio::driver
