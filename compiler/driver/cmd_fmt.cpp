// `provisio fmt FILE…`: each policy file laid out canonically, in place
// (or `-`: stdin to stdout); `--check` changes nothing and shows a diff.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "diag/consumers.h"
#include "driver/commands.h"
#include "driver/diff.h"
#include "driver/report.h"
#include "syntax/format.h"

namespace provisio::driver {

namespace {
namespace fs = std::filesystem;

// Replaces `path` with `text` in one rename, keeping its permissions.
bool WriteInPlace(const std::string& path, const std::string& text, std::string& why) {
  std::string temp = path + ".fmt-" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      why = std::strerror(errno);
      std::error_code ignore;
      fs::remove(temp, ignore);
      return false;
    }
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) ::chmod(temp.c_str(), st.st_mode & 07777);
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    why = ec.message();
    fs::remove(temp, ec);
    return false;
  }
  return true;
}
}  // namespace

int RunFmt(const std::vector<std::string>& files, bool check) {
  int status = 0;
  for (const auto& path : files) {
    source::SourceSet sources;
    std::string text;
    if (path == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      if (std::cin.bad()) {
        Report(diag::Kind::FileNotFound, "-");
        status = 1;
        continue;
      }
    } else if (std::error_code ec; !fs::is_regular_file(path, ec) || !source::ReadFile(path, text)) {
      Report(diag::Kind::FileNotFound, path);
      status = 1;
      continue;
    }
    source::FileId id = sources.Add(path == "-" ? "<stdin>" : path, text);
    diag::TextRenderer renderer(sources, std::cerr);
    diag::SortingConsumer sorter(renderer);
    diag::Emitter emitter(sorter);
    std::optional<std::string> formatted = syntax::Format(sources, id, emitter);
    sorter.Flush();
    if (!formatted) {
      status = std::max(status, 1);
      continue;
    }
    if (path == "-") {
      std::cout << (check ? UnifiedDiff("<stdin>", "<stdin> (formatted)", text, *formatted) : *formatted);
      if (check && *formatted != text) status = std::max(status, 1);
    } else if (*formatted == text) {
      continue;
    } else if (check) {
      std::cout << UnifiedDiff(path, path + " (formatted)", text, *formatted);
      Report(diag::Kind::NotFormatted, path, path);
      status = std::max(status, 1);
    } else if (std::string why; !WriteInPlace(path, *formatted, why)) {
      Report(diag::Kind::FileUnwritable, path, why);
      status = 3;
    }
  }
  return status;
}

}  // namespace provisio::driver
