// Reading a policy and the files it `use`s: a path is looked up next to the
// using file, then in each --policy-path folder. A policy reads nothing
// outside its policy roots (its own folder and those folders): a `use`
// of an absolute path, a `..` or symlink escape, a device, a folder or an
// oversized file is an error that quotes nothing of the target.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "syntax/parse.h"

namespace provisio::syntax {

namespace {
namespace fs = std::filesystem;
constexpr size_t kMaxPolicyBytes = size_t{16} << 20;

// What any policy text must be, read from a file or from an editor.
bool Acceptable(const std::string& text, std::string& why) {
  if (text.size() > kMaxPolicyBytes) why = "it is larger than 16 MiB";
  else if (text.find_first_not_of(" \t\r\n") == std::string::npos) why = "it is empty";
  else return true;
  return false;
}

// Reads a regular file of at most kMaxPolicyBytes; otherwise says why not
// (`missing`: there is no such file).
bool ReadPolicyFile(const std::string& path, std::string& text, std::string& why, bool& missing) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);  // a FIFO must not block the open
  if (fd < 0) {
    missing = errno == ENOENT;
    why = std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) why = std::strerror(errno);
  else if (S_ISDIR(st.st_mode)) ok = false, why = "it is a folder";
  else if (!S_ISREG(st.st_mode)) ok = false, why = "it is not a regular file";
  else if (static_cast<size_t>(st.st_size) > kMaxPolicyBytes) ok = false, why = "it is larger than 16 MiB";
  text.clear();
  char buf[1 << 16];
  while (ok) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false, why = std::strerror(errno);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxPolicyBytes) ok = false, why = "it is larger than 16 MiB";  // it grew while read
  }
  ::close(fd);
  return ok && Acceptable(text, why);
}

class Loader {
 public:
  Loader(source::SourceSet& sources, diag::Emitter& emitter, const std::map<std::string, std::string>* open)
      : sources_(sources), emitter_(emitter), open_(open) {}

  void AddRoot(const std::string& dir) {
    std::error_code ec;
    fs::path root = fs::weakly_canonical(fs::absolute(dir, ec), ec);
    if (!ec) roots_.push_back(root);
  }

  void File(const std::string& path, source::Span from, std::vector<ast::Policy>& out) {
    if (sources_.Find(path).index >= 0) return;  // already read (or being read)
    std::string text, why;
    bool missing = false;
    const std::string* buffer = OpenBuffer(path);
    if (buffer != nullptr && Acceptable(*buffer, why)) text = *buffer;
    else if (buffer != nullptr || !ReadPolicyFile(path, text, why, missing)) {
      if (missing) emitter_.Emit(from, diag::Kind::FileNotFound, path);
      else emitter_.Emit(from, diag::Kind::NotAPolicyFile, path, why);
      return;
    }
    source::FileId id = sources_.Add(path, std::move(text));
    out.push_back(Parse(sources_, id, emitter_));
    std::vector<ast::Use> uses = out.back().uses;
    auto dir = fs::path(path).parent_path();
    for (const auto& use : uses) {
      if (fs::path(use.path).is_absolute()) {
        emitter_.Emit(use.span, diag::Kind::UseOutsideRoots, use.path, Roots());
        continue;
      }
      // Next to the using file first, then in each --policy-path folder.
      std::string target = (dir / use.path).lexically_normal().string();
      std::error_code ec;
      for (size_t r = 1; r < roots_.size() && !fs::exists(target, ec); ++r)
        if (fs::exists(roots_[r] / use.path, ec)) target = (roots_[r] / use.path).lexically_normal().string();
      if (!WithinRoots(target)) {
        emitter_.Emit(use.span, diag::Kind::UseOutsideRoots, use.path, Roots());
        continue;
      }
      File(target, use.span, out);
    }
  }

 private:
  // The editor's text of `path`, if it has the file open.
  const std::string* OpenBuffer(const std::string& path) const {
    if (open_ == nullptr) return nullptr;
    std::error_code ec;
    auto found = open_->find(fs::absolute(path, ec).lexically_normal().string());
    return found == open_->end() ? nullptr : &found->second;
  }
  // The target with every symlink resolved lies under a root.
  bool WithinRoots(const std::string& target) const {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(fs::absolute(target, ec), ec);
    if (ec) return false;
    for (const auto& root : roots_) {
      auto [r, t] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
      if (r == root.end() && t != real.end()) return true;
    }
    return false;
  }
  std::string Roots() const {
    std::string out;
    for (const auto& r : roots_) out += (out.empty() ? "" : ", ") + r.string();
    return out;
  }

  source::SourceSet& sources_;
  diag::Emitter& emitter_;
  const std::map<std::string, std::string>* open_;
  std::vector<fs::path> roots_;
};
}  // namespace

std::vector<ast::Policy> Load(const std::string& path, source::SourceSet& sources, diag::Emitter& emitter,
                              const std::vector<std::string>& policy_path,
                              const std::map<std::string, std::string>* open) {
  Loader loader(sources, emitter, open);
  std::string dir = std::filesystem::path(path).parent_path().string();
  loader.AddRoot(dir.empty() ? "." : dir);
  for (const auto& extra : policy_path) loader.AddRoot(extra);
  std::vector<ast::Policy> out;
  loader.File(path, source::Span{}, out);
  return out;
}

}  // namespace provisio::syntax
