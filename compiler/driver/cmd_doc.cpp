// `provisio doc POLICY… -o DIR [--pdf]`: the published policy list (政策清单)
// of the policies as a static site, and with --pdf the 政策一卡通 printed
// by Chromium from the site's print view, one card per page.
#include <fmt/format.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "doc/site.h"
#include "driver/commands.h"
#include "driver/compile.h"
#include "driver/report.h"
#include "driver/spawn.h"
#include "driver/writer.h"

namespace provisio::driver {

namespace {
namespace fs = std::filesystem;

// Chromium as PROVISIO_CHROMIUM names it, else the first on PATH.
std::string FindChromium() {
  if (const char* named = getenv("PROVISIO_CHROMIUM"); named && *named) return named;
  const char* path = getenv("PATH");
  std::string dirs = path ? path : "/usr/bin";
  for (size_t start = 0; start <= dirs.size();) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
      fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    start = end + 1;
  }
  return "";
}

// The print view as a PDF, through a Chromium profile of its own (removed after).
bool PrintCards(const fs::path& site, const fs::path& pdf) {
  std::string chromium = FindChromium();
  if (chromium.empty()) {
    std::cerr << "provisio doc: --pdf needs Chromium: install the chromium package, or name it with PROVISIO_CHROMIUM\n";
    return false;
  }
  std::string profile = (fs::temp_directory_path() / "provisio-chromium.XXXXXX").string();
  if (mkdtemp(profile.data()) == nullptr) {
    std::cerr << "provisio doc: cannot make a folder for Chromium's profile\n";
    return false;
  }
  fs::path log = fs::path(profile) / "chromium.log";
  std::error_code ec;
  fs::remove(pdf, ec);
  int status = Spawn({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile,
                      "--no-pdf-header-footer", "--print-to-pdf=" + pdf.string(), "file://" + (site / doc::kPrintPage).string()},
                     log);
  bool made = status == 0 && fs::file_size(pdf, ec) > 0 && !ec;
  if (!made) {
    std::cerr << fmt::format("provisio doc: {} did not print {} (exit {}):\n", chromium, pdf.string(), status);
    std::ifstream text(log);
    std::cerr << text.rdbuf();
  }
  fs::remove_all(profile, ec);
  return made;
}

}  // namespace

int RunDoc(const std::vector<std::string>& policies, const std::string& out_dir, bool pdf) {
  std::vector<std::unique_ptr<CompiledPolicy>> compiled;
  for (const auto& path : policies) {
    compiled.push_back(Compile(path, std::cerr));
    if (!compiled.back()) return 1;
  }
  std::vector<const ir::Module*> modules;
  for (const auto& c : compiled) modules.push_back(&c->module);
  fs::path dir = fs::absolute(out_dir);
  std::string error;
  for (const auto& page : doc::Site(modules)) {
    fs::path file = dir / page.path;
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec || !WriteFile(file.string(), page.content, error)) {
      std::cerr << fmt::format("provisio doc: cannot write {}: {}\n", file.string(), ec ? ec.message() : error);
      return 3;
    }
  }
  std::cout << (dir / "index.html").string() << "\n";
  if (pdf) {
    fs::path cards = dir / "cards.pdf";
    if (!PrintCards(dir, cards)) return 3;
    std::cout << cards.string() << "\n";
  }
  return 0;
}

}  // namespace provisio::driver
