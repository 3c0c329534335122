// The in-process JIT (ORC LLJIT): one LLVM module per provision, optimised
// and compiled on as many threads as there are cores, looked up together;
// with a cache folder, a provision compiled before is loaded from it.
// prv_* runtime symbols resolve from this process.
#include <fmt/format.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <thread>

#include "codegen/codegen.h"
#include "codegen/disk_cache.h"
#include "codegen/lower_llvm.h"

namespace provisio::codegen {

struct Jit::Impl {
  std::unique_ptr<DiskCache> cache;  // outlives the JIT that reads it
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

// LLVM's errors travel as llvm::Expected up to Create, the one place that
// turns them into a diagnostic.
llvm::Expected<std::unique_ptr<Jit::Impl>> Build(const ir::Module& module, bool coverage, std::optional<int> only,
                                                  const std::string& cache_folder) {
  InitNative();
  auto impl = std::make_unique<Jit::Impl>();
  std::vector<size_t> wanted;
  for (size_t i = 0; i < module.provisions.size(); ++i)
    if (!only || static_cast<int>(i) == *only) wanted.push_back(i);
  auto host = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!host) return host.takeError();
  std::string target = fmt::format("{}|{}|{}", host->getTargetTriple().str(), host->getCPU(), host->getFeatures().getString());
  if (!cache_folder.empty()) impl->cache = std::make_unique<DiskCache>(cache_folder);
  DiskCache* cache = impl->cache.get();
  // Each provision is a module of its own, optimised and compiled on the
  // compile threads: a policy's provisions compile side by side.
  unsigned threads = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), wanted.size());
  auto jit = llvm::orc::LLJITBuilder()
                 .setJITTargetMachineBuilder(std::move(*host))
                 .setNumCompileThreads(threads > 1 ? threads : 0)
                 .setCompileFunctionCreator([cache](llvm::orc::JITTargetMachineBuilder machine)
                                                -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                   return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(machine), cache);
                 })
                 .create();
  if (!jit) return jit.takeError();
  auto generator = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator) return generator.takeError();
  (*jit)->getMainJITDylib().addGenerator(std::move(*generator));
  // A module whose object the cache holds is loaded as it is: optimising it would be wasted.
  (*jit)->getIRTransformLayer().setTransform(
      [cache](llvm::orc::ThreadSafeModule tsm, const llvm::orc::MaterializationResponsibility&) {
        tsm.withModuleDo([cache](llvm::Module& m) {
          if (cache == nullptr || !cache->Holds(m)) Optimize(m);
        });
        return llvm::Expected<llvm::orc::ThreadSafeModule>(std::move(tsm));
      });
  llvm::orc::SymbolLookupSet names;
  for (size_t i : wanted) {
    auto context = std::make_unique<llvm::LLVMContext>();
    auto llvm_module = LowerToLlvm(module, *context, coverage, static_cast<int>(i));
    llvm_module->setDataLayout((*jit)->getDataLayout());
    if (cache) DiskCache::Name(*llvm_module, target);
    if (auto err = (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(llvm_module), std::move(context))))
      return std::move(err);
    names.add((*jit)->mangleAndIntern(SymbolName(module, i)));
  }
  // One lookup of them all, so that their compilations run at once.
  auto symbols = (*jit)->getExecutionSession().lookup(
      llvm::orc::makeJITDylibSearchOrder(&(*jit)->getMainJITDylib()), std::move(names));
  if (!symbols) return symbols.takeError();
  impl->functions.resize(module.provisions.size());
  for (size_t i : wanted)
    impl->functions[i] = (*symbols)[(*jit)->mangleAndIntern(SymbolName(module, i))].getAddress().toPtr<ProvisionFn>();
  impl->jit = std::move(*jit);
  return impl;
}

std::unique_ptr<Jit> Jit::Create(const ir::Module& module, diag::Emitter& diagnostics, bool coverage,
                                 std::optional<int> only, const std::string& cache_folder) {
  auto impl = Build(module, coverage, only, cache_folder);
  if (!impl) {
    diagnostics.Emit(source::Span{}, diag::Kind::NativeCodeFailed, llvm::toString(impl.takeError()));
    return nullptr;
  }
  return std::unique_ptr<Jit>(new Jit(std::move(*impl)));
}

ProvisionFn Jit::Lookup(size_t provision_index) const {
  ProvisionFn fn = impl_->functions.at(provision_index);
  if (!fn) std::abort();  // a provision the JIT was not asked to compile: a caller's bug
  return fn;
}

std::string Jit::DumpLlvm(const ir::Module& module, bool coverage, bool optimized) {
  llvm::LLVMContext context;
  auto llvm_module = LowerToLlvm(module, context, coverage);
  if (optimized) Optimize(*llvm_module);
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm_module->print(os, nullptr);
  return text;
}

}  // namespace provisio::codegen
