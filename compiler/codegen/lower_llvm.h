// Internal to codegen: builds an llvm::Module from the typed IR.
#pragma once
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <memory>
#include <optional>

#include "ir/ir.h"

namespace provisio::codegen {

// `only`: lower that provision alone.
std::unique_ptr<llvm::Module> LowerToLlvm(const ir::Module& module, llvm::LLVMContext& context,
                                          bool coverage = false, std::optional<int> only = std::nullopt);
// Adds each provision's batch entry point (see CompactLayout) to a module
// LowerToLlvm made of the whole of `m`.
void AddBatchEntries(const ir::Module& m, llvm::Module& module);
// Runs the O2 pipeline on `module`.
void Optimize(llvm::Module& module);

}  // namespace provisio::codegen
