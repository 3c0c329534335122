// Running another program (the system's C compiler, Chromium) and waiting
// for it, its output into a log file for the message when it fails.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace provisio::driver {

// The program's exit code, or -1 when it could not start or was killed.
int Spawn(const std::vector<std::string>& args, const std::filesystem::path& log);

}  // namespace provisio::driver
