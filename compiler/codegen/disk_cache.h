// Internal to codegen: compiled provisions kept on disk between runs, so
// that a policy compiled once is loaded, not compiled, the next time.
// A module's key is a hash of its unoptimised bitcode and of everything
// else that decides its machine code (LLVM release, target, processor and
// its features, the runtime ABI); an entry carries the hash of its bytes,
// so a damaged file is compiled again, never loaded.
#pragma once
#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/IR/Module.h>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace provisio::codegen {

class DiskCache : public llvm::ObjectCache {
 public:
  // `folder` is made (owner only) when missing; a cache that cannot be
  // written is skipped, never an error: it only saves time.
  explicit DiskCache(std::string folder);
  // Names `m` by its key (its module identifier), given the target it is compiled for.
  static void Name(llvm::Module& m, const std::string& target);
  // It holds a sound entry for `m` (kept for getObject: read and checked once).
  bool Holds(const llvm::Module& m);
  void notifyObjectCompiled(const llvm::Module* m, llvm::MemoryBufferRef object) override;
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module* m) override;

 private:
  std::string PathOf(const llvm::Module& m) const;
  std::unique_ptr<llvm::MemoryBuffer> Read(const llvm::Module& m) const;
  std::string folder_;
  std::mutex mutex_;  // the compile threads ask at once
  std::unordered_map<std::string, std::unique_ptr<llvm::MemoryBuffer>> held_;
};

}  // namespace provisio::codegen
