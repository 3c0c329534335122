// Codegen: typed IR → LLVM IR → native code. `Jit` compiles a module in
// process (ORC LLJIT); `EmitObject` writes a relocatable object for
// shared libraries. Each provision becomes one function
//   int32_t fn(const prv_record*, prv_result*)
// that calls the runtime's prv_* primitives (runtime/include/provisio/runtime.h).
#pragma once
#include <memory>
#include <string>

#include "diag/emitter.h"
#include "ir/ir.h"
#include "provisio/runtime.h"

namespace provisio::codegen {

using ProvisionFn = int32_t (*)(const prv_record*, prv_result*);

// The exported symbol of provision `index`: prv_<policy>__<provision>, with
// `-` written as `_` and any other byte but [A-Za-z0-9_] as _xHEX_.
std::string SymbolName(const ir::Module& module, size_t index);

class Jit {
 public:
  // With `coverage`, the functions count each coverage point's outcomes in
  // prv_result::coverage (when that is not null).
  // Null, with a NativeCodeFailed diagnostic, when LLVM cannot.
  static std::unique_ptr<Jit> Create(const ir::Module& module, diag::Emitter& diagnostics, bool coverage = false);
  ~Jit();
  ProvisionFn Lookup(size_t provision_index) const;
  // Textual LLVM IR of the module, for --dump=llvm (verified: invalid IR aborts).
  static std::string DumpLlvm(const ir::Module& module, bool coverage = false);

 struct Impl;

 private:
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The LLVM release code is generated with, e.g. "19.1.4".
std::string LlvmVersion();

// Writes `module` as a PIC object file; false, with a BuildFailed
// diagnostic, when it cannot.
bool EmitObject(const ir::Module& module, const std::string& path, diag::Emitter& diagnostics);

}  // namespace provisio::codegen
