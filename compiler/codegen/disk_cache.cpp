#include "codegen/disk_cache.h"

#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/xxhash.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "provisio/runtime.h"

namespace provisio::codegen {

namespace {
namespace fs = std::filesystem;
constexpr char kMagic[8] = {'P', 'R', 'V', 'O', 'B', 'J', '1', '\n'};
constexpr size_t kHead = 8 + 8 + 8;  // magic, payload size, payload hash

uint64_t Hash(llvm::StringRef bytes) { return llvm::xxh3_64bits(llvm::arrayRefFromStringRef(bytes)); }
}  // namespace

DiskCache::DiskCache(std::string folder) : folder_(std::move(folder)) {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (!ec) fs::permissions(folder_, fs::perms::owner_all, fs::perm_options::replace, ec);
}

void DiskCache::Name(llvm::Module& m, const std::string& target) {
  std::string bitcode;
  llvm::raw_string_ostream out(bitcode);
  llvm::WriteBitcodeToFile(m, out);
  out.flush();
  std::string context = fmt::format("{}|{}|abi {}", LLVM_VERSION_STRING, target, PROVISIO_ABI_VERSION);
  m.setModuleIdentifier(fmt::format("{:016x}{:016x}", Hash(bitcode), Hash(context)));
}

std::string DiskCache::PathOf(const llvm::Module& m) const { return folder_ + "/" + m.getModuleIdentifier() + ".o"; }

bool DiskCache::Holds(const llvm::Module& m) {
  auto entry = Read(m);
  if (!entry) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  held_[m.getModuleIdentifier()] = std::move(entry);
  return true;
}

std::unique_ptr<llvm::MemoryBuffer> DiskCache::getObject(const llvm::Module* m) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = held_.find(m->getModuleIdentifier());
    if (it != held_.end()) {
      auto entry = std::move(it->second);
      held_.erase(it);
      return entry;
    }
  }
  return Read(*m);
}

std::unique_ptr<llvm::MemoryBuffer> DiskCache::Read(const llvm::Module& m) const {
  auto file = llvm::MemoryBuffer::getFile(PathOf(m), /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file) return nullptr;
  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() < kHead || std::memcmp(bytes.data(), kMagic, 8) != 0) return nullptr;
  uint64_t size, hash;
  std::memcpy(&size, bytes.data() + 8, 8);
  std::memcpy(&hash, bytes.data() + 16, 8);
  llvm::StringRef payload = bytes.drop_front(kHead);
  if (payload.size() != size || Hash(payload) != hash) return nullptr;  // damaged: compile again
  return llvm::MemoryBuffer::getMemBufferCopy(payload, m.getModuleIdentifier());
}

void DiskCache::notifyObjectCompiled(const llvm::Module* m, llvm::MemoryBufferRef object) {
  // Written aside and renamed into place: a reader sees a whole entry or none.
  static std::atomic<unsigned> serial{0};
  std::string path = PathOf(*m), part = fmt::format("{}.{}.{}.part", path, getpid(), serial++);
  uint64_t size = object.getBufferSize(), hash = Hash(object.getBuffer());
  {
    std::ofstream out(part, std::ios::binary);
    out.write(kMagic, 8);
    out.write(reinterpret_cast<const char*>(&size), 8);
    out.write(reinterpret_cast<const char*>(&hash), 8);
    out.write(object.getBufferStart(), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
      std::error_code ec;
      fs::remove(part, ec);
      return;
    }
  }
  std::error_code ec;
  fs::rename(part, path, ec);
  if (ec) fs::remove(part, ec);
}

}  // namespace provisio::codegen
