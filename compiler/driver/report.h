// The driver's own errors go through the diagnostics registry like the
// compiler's: `provisio: error: … [Id]` on stderr, one form for all.
#pragma once
#include <memory>
#include <string>

#include "codegen/codegen.h"
#include "diag/emitter.h"
#include "eval/evaluator.h"

namespace provisio::driver {

diag::Emitter& Reporter();
template <typename... Args>
void Report(diag::Kind kind, const Args&... args) {
  Reporter().Emit(source::Span{}, kind, args...);
}

// The provision `id` names in `module`, or -1 after reporting which ids it has.
int ProvisionOrReport(const ir::Module& module, const std::string& id, const std::string& policy_path);
// Where compiled provisions are kept between runs: $PROVISIO_CACHE_DIR, else
// $XDG_CACHE_HOME/provisio, else ~/.cache/provisio; none ("") with PROVISIO_CACHE=off.
std::string JitCacheFolder();
// Native code for the module (through the cache), or null after reporting why there is none.
// `only`: the one provision the command evaluates.
std::unique_ptr<codegen::Jit> NativeOrReport(const ir::Module& module, bool coverage = false,
                                             std::optional<int> only = std::nullopt);
// One provision's native code, compiled afresh and never cached (a mutant's).
std::unique_ptr<codegen::Jit> NativeUncached(const ir::Module& module, int only);

}  // namespace provisio::driver
