#include "driver/report.h"

#include <cstdlib>
#include <iostream>

#include "diag/consumers.h"
#include "driver/compile.h"

namespace provisio::driver {

diag::Emitter& Reporter() {
  static source::SourceSet no_sources;
  static diag::TextRenderer renderer(no_sources, std::cerr);
  static diag::Emitter emitter(renderer);
  return emitter;
}

int ProvisionOrReport(const ir::Module& module, const std::string& id, const std::string& policy_path) {
  int index = FindProvision(module, id);
  if (index >= 0) return index;
  std::string ids;
  for (const auto& p : module.provisions) ids += (ids.empty() ? "" : ", ") + p.id;
  Report(diag::Kind::UnknownProvision, id, policy_path, ids);
  return -1;
}

std::string JitCacheFolder() {
  auto env = [](const char* name) { const char* v = std::getenv(name); return v ? std::string(v) : std::string(); };
  if (env("PROVISIO_CACHE") == "off") return "";
  if (!env("PROVISIO_CACHE_DIR").empty()) return env("PROVISIO_CACHE_DIR");
  if (!env("XDG_CACHE_HOME").empty()) return env("XDG_CACHE_HOME") + "/provisio";
  if (!env("HOME").empty()) return env("HOME") + "/.cache/provisio";
  return "";
}

std::unique_ptr<codegen::Jit> NativeOrReport(const ir::Module& module, bool coverage, std::optional<int> only) {
  return codegen::Jit::Create(module, Reporter(), coverage, only, JitCacheFolder());
}

std::unique_ptr<codegen::Jit> NativeUncached(const ir::Module& module, int only) {
  return codegen::Jit::Create(module, Reporter(), false, only, "");
}

}  // namespace provisio::driver
