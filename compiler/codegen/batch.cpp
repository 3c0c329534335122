// The batch entry point of a built module: many records in the compact
// layout, each answered by the provision's own function (inlined into the
// loop), so that an embedder screening a table pays neither a call nor two
// words per bool per record.
#include <llvm/IR/IRBuilder.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "codegen/codegen.h"
#include "codegen/lower_llvm.h"

namespace provisio::codegen {

namespace {
int32_t Width(ir::Type t) {
  switch (t.kind) {
    case ir::TypeKind::Bool: return 1;
    case ir::TypeKind::Enum: return 4;
    case ir::TypeKind::Rate:
    case ir::TypeKind::Decimal: return 16;
    default: return 8;
  }
}

std::string CName(std::string name) {
  std::replace(name.begin(), name.end(), '.', '_');
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// Lays `fields` out from `at`, widest first (no padding between them), then
// one presence byte each; returns the end, a multiple of 8.
int64_t Place(std::vector<CompactLayout::Field>& fields, int64_t at) {
  for (int32_t size : {16, 8, 4, 1})
    for (auto& f : fields)
      if (f.size == size) {
        f.offset = at;
        at += size;
      }
  for (auto& f : fields) f.present_offset = at++;
  return (at + 7) / 8 * 8;
}
}  // namespace

CompactLayout Compact(const ir::Module& m, const ir::Provision& p) {
  CompactLayout out;
  int64_t at = 0;
  if (!p.lists_read.empty()) {
    out.lists_offset = 0;
    at = static_cast<int64_t>(sizeof(prv_list) * m.schema.lists.size());
  }
  for (int32_t slot : p.needed_slots) out.facts.push_back({CName(m.slots[slot].name), slot, Width(m.slots[slot].type)});
  out.facts_size = std::max<int64_t>(Place(out.facts, at), 8);
  for (size_t o = 0; o < p.outputs.size(); ++o)
    out.outputs.push_back({CName(p.outputs[o].name), static_cast<int32_t>(o), Width(p.outputs[o].type)});
  out.answer_size = Place(out.outputs, CompactLayout::kAnswerHead);
  return out;
}

void CompactLayout::Pack(const prv_record& record, uint8_t* out) const {
  std::memset(out, 0, static_cast<size_t>(facts_size));
  if (lists_offset >= 0)
    std::memcpy(out + lists_offset, record.lists, sizeof(prv_list) * static_cast<size_t>(record.list_count));
  for (const auto& f : facts) {
    const int64_t* words = &record.values[2 * f.slot];
    if (f.size == 1) {
      out[f.offset] = static_cast<uint8_t>(words[0]);
    } else if (f.size == 4) {
      int32_t v = static_cast<int32_t>(words[0]);
      std::memcpy(out + f.offset, &v, 4);
    } else {
      std::memcpy(out + f.offset, words, static_cast<size_t>(f.size));
    }
    out[f.present_offset] = record.present[f.slot];
  }
}

std::string BatchSymbolName(const ir::Module& m, size_t index) { return SymbolName(m, index) + "_batch"; }

void AddBatchEntries(const ir::Module& m, llvm::Module& mod) {
  llvm::LLVMContext& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  auto* i64 = b.getInt64Ty();
  auto* i32 = b.getInt32Ty();
  auto* i8 = b.getInt8Ty();
  auto* ptr = b.getPtrTy();
  auto at = [&](llvm::Value* base, int64_t offset) { return b.CreateConstInBoundsGEP1_64(i8, base, offset); };
  auto as_int = [&](int32_t size) -> llvm::Type* { return size == 1 ? i8 : size == 4 ? i32 : i64; };
  for (size_t i = 0; i < m.provisions.size(); ++i) {
    const auto& p = m.provisions[i];
    CompactLayout layout = Compact(m, p);
    llvm::Function* single = mod.getFunction(SymbolName(m, i));
    auto* fn = llvm::Function::Create(llvm::FunctionType::get(i64, {ptr, ptr, i64}, false),
                                      llvm::Function::ExternalLinkage, BatchSymbolName(m, i), mod);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    llvm::Value *facts = fn->getArg(0), *answers = fn->getArg(1), *count = fn->getArg(2);
    auto* entry = llvm::BasicBlock::Create(ctx, "entry", fn);
    auto* head = llvm::BasicBlock::Create(ctx, "record", fn);
    auto* body = llvm::BasicBlock::Create(ctx, "answer", fn);
    auto* done = llvm::BasicBlock::Create(ctx, "done", fn);
    b.SetInsertPoint(entry);
    // One record in the ABI's form, on the stack: once the call is inlined, it becomes registers.
    size_t slots = std::max<size_t>(m.slots.size(), 1), outputs = std::max<size_t>(p.outputs.size(), 1);
    auto* values = b.CreateAlloca(llvm::ArrayType::get(i64, 2 * slots));
    auto* present = b.CreateAlloca(llvm::ArrayType::get(i8, slots));
    auto* out_words = b.CreateAlloca(llvm::ArrayType::get(i64, 2 * outputs));
    auto* out_present = b.CreateAlloca(llvm::ArrayType::get(i8, outputs));
    auto* record = b.CreateAlloca(llvm::ArrayType::get(i8, sizeof(prv_record)));
    auto* result = b.CreateAlloca(llvm::ArrayType::get(i8, sizeof(prv_result)));
    record->setAlignment(llvm::Align(8));
    result->setAlignment(llvm::Align(8));
    b.CreateBr(head);
    b.SetInsertPoint(head);
    auto* index = b.CreatePHI(i64, 2, "i");
    auto* failures = b.CreatePHI(i64, 2, "failures");
    index->addIncoming(b.getInt64(0), entry);
    failures->addIncoming(b.getInt64(0), entry);
    b.CreateCondBr(b.CreateICmpSLT(index, count), body, done);

    b.SetInsertPoint(body);
    llvm::Value* in = b.CreateInBoundsGEP(i8, facts, b.CreateMul(index, b.getInt64(layout.facts_size)));
    llvm::Value* answer = b.CreateInBoundsGEP(i8, answers, b.CreateMul(index, b.getInt64(layout.answer_size)));
    for (const auto& f : layout.facts) {
      llvm::Value* word = b.CreateLoad(as_int(std::min(f.size, 8)), at(in, f.offset));
      // A bool is unsigned, an enum signed (a negative index is refused, not wrapped).
      word = f.size == 1 ? b.CreateZExt(word, i64) : f.size == 4 ? b.CreateSExt(word, i64) : word;
      b.CreateStore(word, b.CreateConstInBoundsGEP2_64(values->getAllocatedType(), values, 0, 2 * f.slot));
      llvm::Value* den = f.size == 16 ? static_cast<llvm::Value*>(b.CreateLoad(i64, at(in, f.offset + 8))) : b.getInt64(1);
      b.CreateStore(den, b.CreateConstInBoundsGEP2_64(values->getAllocatedType(), values, 0, 2 * f.slot + 1));
      b.CreateStore(b.CreateLoad(i8, at(in, f.present_offset)),
                    b.CreateConstInBoundsGEP2_64(present->getAllocatedType(), present, 0, f.slot));
    }
    b.CreateStore(values, at(record, offsetof(prv_record, values)));
    b.CreateStore(present, at(record, offsetof(prv_record, present)));
    b.CreateStore(layout.lists_offset >= 0 ? at(in, layout.lists_offset) : llvm::ConstantPointerNull::get(ptr),
                  at(record, offsetof(prv_record, lists)));
    b.CreateStore(b.getInt64(static_cast<int64_t>(m.schema.lists.size())), at(record, offsetof(prv_record, list_count)));
    b.CreateMemSet(result, b.getInt8(0), sizeof(prv_result), llvm::MaybeAlign(8));
    b.CreateStore(out_words, at(result, offsetof(prv_result, outputs)));
    b.CreateStore(out_present, at(result, offsetof(prv_result, output_present)));
    auto* status = b.CreateCall(single, {record, result});
    status->addFnAttr(llvm::Attribute::AlwaysInline);
    // The answer: its head, then each output as wide as its type.
    using Head = CompactLayout::AnswerHead;
    auto copy = [&](llvm::Type* t, size_t from, size_t to) {
      b.CreateStore(b.CreateLoad(t, at(result, static_cast<int64_t>(from))), at(answer, static_cast<int64_t>(to)));
    };
    b.CreateStore(status, at(answer, offsetof(Head, status)));
    copy(i32, offsetof(prv_result, failed_rule), offsetof(Head, failed_rule));
    copy(i32, offsetof(prv_result, error_status), offsetof(Head, error_status));
    copy(i32, offsetof(prv_result, error_fact), offsetof(Head, error_fact));
    copy(i32, offsetof(prv_result, error_list), offsetof(Head, error_list));
    copy(i32, offsetof(prv_result, error_field), offsetof(Head, error_field));
    copy(i64, offsetof(prv_result, error_element), offsetof(Head, error_element));
    for (const auto& o : layout.outputs) {
      llvm::Value* given = b.CreateLoad(i8, b.CreateConstInBoundsGEP2_64(out_present->getAllocatedType(), out_present, 0, o.slot));
      b.CreateStore(given, at(answer, o.present_offset));
      for (int w = 0; w < (o.size == 16 ? 2 : 1); ++w) {
        llvm::Value* word = b.CreateLoad(i64, b.CreateConstInBoundsGEP2_64(out_words->getAllocatedType(), out_words, 0, 2 * o.slot + w));
        b.CreateStore(b.CreateTrunc(word, as_int(std::min(o.size, 8))), at(answer, o.offset + 8 * w));
      }
    }
    failures->addIncoming(b.CreateAdd(failures, b.CreateZExt(b.CreateICmpEQ(status, b.getInt32(PRV_ERROR)), i64)), body);
    index->addIncoming(b.CreateAdd(index, b.getInt64(1)), body);
    b.CreateBr(head);
    b.SetInsertPoint(done);
    b.CreateRet(failures);
  }
}

}  // namespace provisio::codegen
