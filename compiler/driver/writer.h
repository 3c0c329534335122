// Output written straight to a file descriptor, every write checked: a
// full disk, a closed pipe or a closed stdout is an error, never a silent 0.
#pragma once
#include <string>
#include <string_view>

namespace provisio::driver {

class Writer {
 public:
  explicit Writer(int fd) : fd_(fd) {}
  // Writes all of `bytes` (through short writes and signals) or fails.
  bool Write(std::string_view bytes);
  const std::string& error() const { return error_; }

 private:
  int fd_;
  std::string error_;
};

// Replaces the file at `path` with `text`, every write checked; false, with
// the reason in `error`, when it cannot.
bool WriteFile(const std::string& path, std::string_view text, std::string& error);

}  // namespace provisio::driver
