// Ahead-of-time output: the module as a position-independent object file.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>

#include "codegen/codegen.h"
#include "codegen/lower_llvm.h"

namespace provisio::codegen {

namespace {
// "+avx2,+bmi2,-avx512f,…": what this processor has and lacks.
std::string HostFeatures() {
  std::string out;
  for (const auto& feature : llvm::sys::getHostCPUFeatures())
    out += (out.empty() ? "" : ",") + std::string(feature.second ? "+" : "-") + feature.first().str();
  return out;
}
}  // namespace

bool EmitObject(const ir::Module& module, const std::string& path, TargetCpu cpu, diag::Emitter& diagnostics) {
  auto fail = [&](const std::string& why) {
    diagnostics.Emit(source::Span{}, diag::Kind::BuildFailed, "cannot write the object file: " + why);
    return false;
  };
  std::string error;
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getDefaultTargetTriple();
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) return fail(error);
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu == TargetCpu::Native ? llvm::sys::getHostCPUName().str() : "generic",
      cpu == TargetCpu::Native ? HostFeatures() : "", llvm::TargetOptions(), llvm::Reloc::PIC_));
  llvm::LLVMContext context;
  auto llvm_module = LowerToLlvm(module, context);
  llvm::IRBuilder<> b(context);
  auto* abi = llvm::Function::Create(llvm::FunctionType::get(b.getInt32Ty(), false), llvm::Function::ExternalLinkage,
                                     AbiSymbol(module), *llvm_module);
  b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", abi));
  b.CreateRet(b.getInt32(PROVISIO_ABI_VERSION));
  AddBatchEntries(module, *llvm_module);
  llvm_module->setTargetTriple(triple);
  llvm_module->setDataLayout(machine->createDataLayout());
  Optimize(*llvm_module);
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) return fail(ec.message());
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, out, nullptr, llvm::CodeGenFileType::ObjectFile))
    return fail("the target cannot emit object files");
  passes.run(*llvm_module);
  out.flush();
  return true;
}

}  // namespace provisio::codegen
