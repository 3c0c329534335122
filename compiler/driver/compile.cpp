#include "driver/compile.h"

#include <fmt/format.h>

#include <ostream>

#include "diag/emitter.h"
#include "sema/check.h"
#include "syntax/parse.h"

namespace provisio::driver {

namespace {
// Passes errors on, and warnings only when they were asked for.
class LevelFilter : public diag::Consumer {
 public:
  LevelFilter(diag::Consumer& next, bool warnings) : next_(next), warnings_(warnings) {}
  void Consume(diag::Diagnostic d) override {
    if (warnings_ || d.level == diag::Level::Error) next_.Consume(std::move(d));
  }

 private:
  diag::Consumer& next_;
  bool warnings_;
};
std::vector<std::string>& Folders() {
  static std::vector<std::string> folders;
  return folders;
}
}  // namespace

void SetPolicyPath(std::vector<std::string> folders) { Folders() = std::move(folders); }
const std::vector<std::string>& PolicyPath() { return Folders(); }

std::unique_ptr<CompiledPolicy> Compile(const std::string& path, std::ostream& diagnostics, int* errors,
                                        bool warnings, bool json) {
  auto compiled = std::make_unique<CompiledPolicy>();
  diag::TextRenderer text(compiled->sources, diagnostics);
  diag::JsonRenderer json_lines(compiled->sources, diagnostics);
  LevelFilter filter(json ? static_cast<diag::Consumer&>(json_lines) : text, warnings);
  diag::SortingConsumer sorter(filter);
  diag::Emitter emitter(sorter);
  auto files = syntax::Load(path, compiled->sources, emitter, PolicyPath());
  std::optional<ir::Module> module;
  // Check only what parsed: errors from a broken tree would be noise.
  if (emitter.errors() == 0) module = sema::Check(files, compiled->sources, emitter);
  sorter.Flush();
  if (errors) *errors = emitter.errors();
  if (!module || emitter.errors() > 0) return nullptr;
  compiled->module = std::move(*module);
  return compiled;
}

int FindProvision(const ir::Module& module, const std::string& id) {
  int found = -1;
  for (size_t i = 0; i < module.provisions.size(); ++i) {
    const std::string& full = module.provisions[i].id;
    if (full == id) return static_cast<int>(i);
    if (full.substr(full.find('.') + 1) == id) found = found == -1 ? static_cast<int>(i) : -2;
  }
  return found < 0 ? -1 : found;
}

}  // namespace provisio::driver
