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
// Runs the O2 pipeline on `module`.
void Optimize(llvm::Module& module);

}  // namespace provisio::codegen
