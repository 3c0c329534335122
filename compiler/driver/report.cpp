#include "driver/report.h"

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

std::unique_ptr<codegen::Jit> NativeOrReport(const ir::Module& module, bool coverage, std::optional<int> only) {
  return codegen::Jit::Create(module, Reporter(), coverage, only);
}

}  // namespace provisio::driver
