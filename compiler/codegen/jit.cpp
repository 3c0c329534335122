// The in-process JIT, shaped like KaleidoscopeJIT: create, add one module,
// look up symbols. prv_* runtime symbols resolve from this process.
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/Support/raw_ostream.h>

#include "codegen/codegen.h"
#include "codegen/lower_llvm.h"

namespace provisio::codegen {

struct Jit::Impl {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::vector<ProvisionFn> functions;
};

std::string LlvmVersion() { return LLVM_VERSION_STRING; }

Jit::Jit(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Jit::~Jit() = default;

namespace {
void InitNative() {
  static bool done = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)done;
}
}  // namespace

std::unique_ptr<Jit> Jit::Create(const ir::Module& module, std::string& error, bool coverage) {
  InitNative();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    error = llvm::toString(jit.takeError());
    return nullptr;
  }
  auto& main = (*jit)->getMainJITDylib();
  auto generator = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator) {
    error = llvm::toString(generator.takeError());
    return nullptr;
  }
  main.addGenerator(std::move(*generator));

  auto context = std::make_unique<llvm::LLVMContext>();
  auto llvm_module = LowerToLlvm(module, *context, coverage);
  llvm_module->setDataLayout((*jit)->getDataLayout());
  Optimize(*llvm_module);
  if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(llvm_module), std::move(context)))) {
    error = llvm::toString(std::move(err));
    return nullptr;
  }
  auto impl = std::make_unique<Impl>();
  for (size_t i = 0; i < module.provisions.size(); ++i) {
    auto symbol = (*jit)->lookup(SymbolName(module, i));
    if (!symbol) {
      error = llvm::toString(symbol.takeError());
      return nullptr;
    }
    impl->functions.push_back(symbol->toPtr<ProvisionFn>());
  }
  impl->jit = std::move(*jit);
  return std::unique_ptr<Jit>(new Jit(std::move(impl)));
}

ProvisionFn Jit::Lookup(size_t provision_index) const { return impl_->functions.at(provision_index); }

std::string Jit::DumpLlvm(const ir::Module& module, bool coverage) {
  llvm::LLVMContext context;
  auto llvm_module = LowerToLlvm(module, context, coverage);
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm_module->print(os, nullptr);
  return text;
}

}  // namespace provisio::codegen
