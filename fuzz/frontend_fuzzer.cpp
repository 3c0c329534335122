// libFuzzer target: arbitrary bytes as a policy file through the whole
// front end — parse, the editor's queries (hover, completion, outline) at
// every few characters, format, check, lower to IR and to LLVM IR (verified).
// Any crash, hang, sanitizer report, invalid LLVM IR, or a file that parses
// but cannot be formatted, or formats differently a second time, is a bug.

#include <cstddef>
#include <cstdint>
#include <string>

#include "codegen/codegen.h"
#include "diag/consumers.h"
#include "diag/emitter.h"
#include "ir/verify.h"
#include "lsp/index.h"
#include "sema/check.h"
#include "syntax/format.h"
#include "syntax/parse.h"

using namespace provisio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  source::SourceSet sources;
  diag::CollectingConsumer sink;
  diag::Emitter emitter(sink);
  auto file = sources.Add("fuzz.prv", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<ast::Policy> files;
  files.push_back(syntax::Parse(sources, file, emitter));
  {
    // What an editor asks, on whatever tree the parse left.
    lsp::Analysis a;
    a.root = a.sources.Add("fuzz.prv", sources.Get(file).utf8());
    a.files.push_back(syntax::Parse(a.sources, a.root, emitter));
    uint32_t end = static_cast<uint32_t>(a.sources.Get(a.root).code_points().size());
    for (uint32_t offset = 0; offset <= end; offset += 1 + end / 64) {
      (void)lsp::Resolve(a, offset);
      (void)lsp::Complete(a, offset);
    }
    (void)lsp::Symbols(a);
  }
  if (emitter.errors() > 0) return 0;
  auto formatted = syntax::Format(sources, file, emitter);
  if (!formatted) abort();  // it parsed: only layout can differ
  auto again = syntax::Format(sources, sources.Add("formatted.prv", *formatted), emitter);
  if (!again || *again != *formatted) abort();  // formatting is idempotent
  auto module = sema::Check(files, sources, emitter);
  if (!module || emitter.errors() > 0) return 0;
  if (!ir::Verify(*module).empty()) abort();  // sema must only produce sound IR
  (void)codegen::Jit::DumpLlvm(*module, /*coverage=*/true);  // lowering verifies the LLVM IR and aborts on invalid IR
  return 0;
}
