// Codegen: typed IR → LLVM IR → native code. `Jit` compiles a module in
// process (ORC LLJIT); `EmitObject` writes a relocatable object for
// shared libraries. Each provision becomes one function
//   int32_t fn(const prv_record*, prv_result*)
// that calls the runtime's prv_* primitives (runtime/include/provisio/runtime.h).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "diag/emitter.h"
#include "ir/ir.h"
#include "provisio/runtime.h"

namespace provisio::codegen {

using ProvisionFn = int32_t (*)(const prv_record*, prv_result*);

// Calls a provision's native code. Clang's -fsanitize=function (in the fuzz
// build's UBSan) reads a signature word just before the first byte of the
// function it calls; code made at run time has none, and the page before
// it may not be mapped, so the check is left out of this one call.
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
inline int32_t CallNative(ProvisionFn fn, const prv_record* record, prv_result* result) { return fn(record, result); }

// The exported symbol of provision `index`: prv_<policy>__<provision>, with
// `-` written as `_` and any other byte but [A-Za-z0-9_] as _xHEX_.
std::string SymbolName(const ir::Module& module, size_t index);

// What code built with coverage (for `explain`) writes to prv_result::trace
// when that is not null. Per coverage point, kPointWords words: [0] is 1 once
// evaluated, then the operands of the comparison it traces (ir::TracedCompare):
// left num, den, right num, den (den 1 for a non-ratio), as last evaluated.
// After them, per let of the provision, kLetWords words: [0] is 1 once
// computed, then its value (num, den).
struct TraceLayout {
  static constexpr int64_t kPointWords = 5, kLetWords = 3;
  static int64_t PointAt(int32_t point) { return kPointWords * point; }
  static int64_t LetAt(const ir::Module& m, int32_t let) {
    return kPointWords * static_cast<int64_t>(m.coverage.size()) + kLetWords * let;
  }
  static size_t Words(const ir::Module& m, const ir::Provision& p) {
    return static_cast<size_t>(LetAt(m, static_cast<int32_t>(p.lets.size())));
  }
};

// The compact record of a provision's batch entry point: only the facts it
// reads, each as wide as its type (a bool one byte, an enum four, a ratio
// two words), a presence byte each; and the answer per record: the
// decision, what an error names, each output typed and whether it is
// given. Offsets in bytes; the generated header declares the same structs
// and checks every offset at compile time.
struct CompactLayout {
  struct Field {
    std::string name;  // the C field name (a ratio: name_num, name_den)
    int32_t slot = -1;  // the fact slot (facts) or output (answers)
    int32_t size = 8;   // 1, 4, 8 or 16 bytes
    int64_t offset = 0, present_offset = 0;
  };
  std::vector<Field> facts;
  int64_t lists_offset = -1;  // prv_list lists[schema lists], when it queries any
  int64_t facts_size = 0;
  std::vector<Field> outputs;
  int64_t answer_size = 0;
  // The answer's first fields; its outputs follow.
  struct AnswerHead {
    int32_t status, failed_rule, error_status, error_fact, error_list, error_field;
    int64_t error_element;
  };
  static constexpr int64_t kAnswerHead = sizeof(AnswerHead);
  // Writes `record` (the ABI's two words per fact) at `out`, facts_size bytes, as the batch reads it.
  void Pack(const prv_record& record, uint8_t* out) const;
};
CompactLayout Compact(const ir::Module& module, const ir::Provision& provision);
// prv_<policy>__<provision>_batch(const facts*, answer*, int64_t count): the
// number of records that failed.
std::string BatchSymbolName(const ir::Module& module, size_t index);

// The function a built module answers its ABI version with: prv_<policy>_abi_version.
std::string AbiSymbol(const ir::Module& module);

class Jit {
 public:
  // With `coverage`, the functions count each coverage point's outcomes in
  // prv_result::coverage (when that is not null).
  // Null, with a NativeCodeFailed diagnostic, when LLVM cannot.
  // `only`: the provision to compile (the others are not looked up), else all.
  // `cache_folder`: where compiled provisions are kept between runs ("": none).
  static std::unique_ptr<Jit> Create(const ir::Module& module, diag::Emitter& diagnostics, bool coverage = false,
                                     std::optional<int> only = std::nullopt, const std::string& cache_folder = "");
  ~Jit();
  ProvisionFn Lookup(size_t provision_index) const;
  // Textual LLVM IR of the module, for --dump=llvm (verified: invalid IR
  // aborts); `optimized`: after the pipeline native code is made with.
  static std::string DumpLlvm(const ir::Module& module, bool coverage = false, bool optimized = false);

 struct Impl;

 private:
  explicit Jit(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The LLVM release code is generated with, e.g. "19.1.4".
std::string LlvmVersion();

// The processor ahead-of-time code is made for: any of the target's
// architecture (the default: a module runs wherever it is copied), or
// this machine's, with every extension it has.
enum class TargetCpu { Generic, Native };

// Writes `module` as a PIC object file, with its AbiSymbol function; false,
// with a BuildFailed diagnostic, when it cannot.
bool EmitObject(const ir::Module& module, const std::string& path, TargetCpu cpu, diag::Emitter& diagnostics);

}  // namespace provisio::codegen
