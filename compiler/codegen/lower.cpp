// Lowers each provision's IR to one LLVM function. Integer and money
// arithmetic use LLVM's overflow intrinsics; ratios, rounding, dates and
// working days call the runtime. A failure stores where and why in the
// prv_result and returns PRV_ERROR.
#include <llvm/IR/CFG.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <fmt/format.h>

#include <cstddef>
#include <unordered_map>

#include "codegen/codegen.h"
#include "codegen/lower_llvm.h"
#include "ir/walk.h"

namespace provisio::codegen {

// The states the code stores are the ABI's.
static_assert(static_cast<int>(ir::RuleState::Unseen) == PRV_RULE_UNSEEN &&
              static_cast<int>(ir::RuleState::Met) == PRV_RULE_MET &&
              static_cast<int>(ir::RuleState::Failed) == PRV_RULE_FAILED &&
              static_cast<int>(ir::RuleState::NotAssessed) == PRV_RULE_NOT_ASSESSED);

namespace {
using ir::TypeKind;

struct Value {
  llvm::Value* a = nullptr;
  llvm::Value* b = nullptr;  // a ratio's denominator
};

// Where a failure goes: fatal (store and return PRV_ERROR); while
// computing the outputs of an ineligible record, to a block that skips the
// output; while evaluating a rule, to its not-assessed block once a rule failed.
struct ErrorTarget {
  llvm::BasicBlock* skip = nullptr;
  llvm::BasicBlock* not_assessed = nullptr;
};

// What a failure of admission names beside a fact slot: a list, and a field of one of its elements.
struct Culprit {
  int32_t list = -1, field = -1;
  llvm::Value* element = nullptr;
};

// A let's storage in the function: computed yet, and its value.
struct LetSlot {
  llvm::AllocaInst* done = nullptr;
  llvm::AllocaInst* a = nullptr;
  llvm::AllocaInst* b = nullptr;
};

class FunctionLowering {
 public:
  FunctionLowering(const ir::Module& m, llvm::Module& mod, llvm::Function* fn,
                   const std::vector<llvm::GlobalVariable*>& calendars, bool coverage)
      : m_(m), mod_(mod), ctx_(mod.getContext()), fn_(fn), b_(ctx_), calendars_(calendars), coverage_(coverage) {
    prv_date_from_ymd(1, 1, 1, &first_day_);
    prv_date_from_ymd(9999, 12, 31, &last_day_);
    i64_ = b_.getInt64Ty();
    i32_ = b_.getInt32Ty();
    i8_ = b_.getInt8Ty();
    ptr_ = b_.getPtrTy();
  }

  void Lower(const ir::Provision& p) {
    p_ = &p;
    auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
    b_.SetInsertPoint(entry);
    ratio_slot_ = b_.CreateAlloca(llvm::ArrayType::get(i64_, 2), nullptr, "ratio");
    int_slot_ = b_.CreateAlloca(i64_, nullptr, "int");
    llvm::Value* rec = fn_->getArg(0);
    res_ = fn_->getArg(1);
    MakeFailBlock();
    values_ = b_.CreateLoad(ptr_, Field(rec, offsetof(prv_record, values)), "values");
    present_ = b_.CreateLoad(ptr_, Field(rec, offsetof(prv_record, present)), "present");
    lists_ = b_.CreateLoad(ptr_, Field(rec, offsetof(prv_record, lists)), "lists");
    list_count_ = b_.CreateLoad(i64_, Field(rec, offsetof(prv_record, list_count)), "list_count");
    outputs_ = b_.CreateLoad(ptr_, Field(res_, offsetof(prv_result, outputs)), "outputs");
    if (coverage_) {
      counters_ = b_.CreateLoad(ptr_, Field(res_, offsetof(prv_result, coverage)), "coverage");
      trace_ = b_.CreateLoad(ptr_, Field(res_, offsetof(prv_result, trace)), "trace");
    }
    output_present_ = b_.CreateLoad(ptr_, Field(res_, offsetof(prv_result, output_present)), "output_present");
    rule_state_out_ = b_.CreateLoad(ptr_, Field(res_, offsetof(prv_result, rule_state)), "rule_state_out");
    // Each let: whether it is computed yet, and its value.
    for (const auto& let : p.lets) {
      LetSlot slot;
      slot.done = b_.CreateAlloca(b_.getInt1Ty(), nullptr, let.name + ".done");
      b_.CreateStore(b_.getFalse(), slot.done);
      slot.a = b_.CreateAlloca(let.type.kind == TypeKind::Bool ? (llvm::Type*)b_.getInt1Ty() : i64_, nullptr, let.name);
      if (let.type.IsRatio()) slot.b = b_.CreateAlloca(i64_, nullptr, let.name + ".den");
      lets_.push_back(slot);
    }
    size_t rule_count = p.rules.size();
    states_ = b_.CreateAlloca(llvm::ArrayType::get(i8_, std::max<size_t>(rule_count, 1)), nullptr, "rule_state");
    for (size_t i = 0; i < rule_count; ++i) SetState(i, ir::RuleState::Unseen);
    first_failed_ = b_.CreateAlloca(i32_, nullptr, "first_failed");
    b_.CreateStore(b_.getInt32(-1), first_failed_);
    failed_count_ = b_.CreateAlloca(i32_, nullptr, "failed_count");
    b_.CreateStore(b_.getInt32(0), failed_count_);

    // 0. Admission: every fact it may read is present and in range.
    Admit(p);

    // 1. The window: outside it nothing else is read.
    Value event = Eval(p.event);
    llvm::Value* inside = b_.CreateICmpSGE(event.a, b_.getInt64(p.window_from));
    if (p.window_to) inside = b_.CreateAnd(inside, b_.CreateICmpSLE(event.a, b_.getInt64(*p.window_to)));
    auto* outside = NewBlock("outside");
    auto* rules = NewBlock("rules");
    b_.CreateCondBr(inside, rules, outside);

    b_.SetInsertPoint(outside);
    for (size_t i = 0; i < p.outputs.size(); ++i) {
      if (p.outputs[i].when_ineligible == ir::Output::WhenIneligible::Zero) StoreOutput(i, {b_.getInt64(0), b_.getInt64(1)});
      else b_.CreateStore(b_.getInt8(0), b_.CreateConstInBoundsGEP1_64(i8_, output_present_, i));
    }
    Finish(PRV_INELIGIBLE, /*outside=*/true);

    // 2. An exception that grants eligibility waives the rules.
    b_.SetInsertPoint(rules);
    auto* eligible = NewBlock("eligible");
    auto* ineligible = NewBlock("ineligible");
    if (p.grant) {
      auto* check = NewBlock("check");
      b_.CreateCondBr(Eval(p.grant).a, eligible, check);
      b_.SetInsertPoint(check);
    }
    // 3. Every rule, in order: each ground of a refusal is found.
    for (size_t i = 0; i < rule_count; ++i) {
      auto* met = NewBlock("met");
      auto* failed = NewBlock("failed");
      auto* not_assessed = NewBlock("not_assessed");
      auto* next = NewBlock("next_rule");
      target_.not_assessed = not_assessed;
      b_.CreateCondBr(Eval(p.rules[i].cond).a, met, failed);
      target_.not_assessed = nullptr;
      b_.SetInsertPoint(met);
      SetState(i, ir::RuleState::Met);
      b_.CreateBr(next);
      b_.SetInsertPoint(failed);
      SetState(i, ir::RuleState::Failed);
      llvm::Value* first = b_.CreateLoad(i32_, first_failed_);
      b_.CreateStore(b_.CreateSelect(b_.CreateICmpSLT(first, b_.getInt32(0)), b_.getInt32(static_cast<int32_t>(i)), first),
                     first_failed_);
      CountFailure();
      // A caller that asks for no rule states wants the decision only: the first failure settles it.
      b_.CreateCondBr(b_.CreateIsNull(rule_state_out_), ineligible, next);
      b_.SetInsertPoint(not_assessed);
      SetState(i, ir::RuleState::NotAssessed);
      CountFailure();
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    }
    b_.CreateCondBr(b_.CreateICmpSLT(b_.CreateLoad(i32_, first_failed_), b_.getInt32(0)), eligible, ineligible);

    // 4. Eligible: every output.
    b_.SetInsertPoint(eligible);
    for (size_t i = 0; i < p.outputs.size(); ++i) StoreOutput(i, Eval(p.outputs[i].value));
    Finish(PRV_ELIGIBLE, false);

    // 5. Not eligible: each output as the IR says.
    b_.SetInsertPoint(ineligible);
    for (size_t i = 0; i < p.outputs.size(); ++i) {
      if (p.outputs[i].when_ineligible == ir::Output::WhenIneligible::Zero) {
        StoreOutput(i, {b_.getInt64(0), b_.getInt64(1)});
        continue;
      }
      auto* skip = NewBlock("skip");
      auto* done = NewBlock("done");
      target_.skip = skip;
      StoreOutput(i, Eval(p.outputs[i].value));
      b_.CreateBr(done);
      b_.SetInsertPoint(skip);
      b_.CreateStore(b_.getInt8(0), b_.CreateConstInBoundsGEP1_64(i8_, output_present_, i));
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      target_.skip = nullptr;
    }
    Finish(PRV_INELIGIBLE, false);
    if (llvm::pred_empty(fail_.block)) fail_.block->eraseFromParent();
  }

 private:
  llvm::BasicBlock* NewBlock(const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn_); }
  llvm::Value* Field(llvm::Value* base, int64_t offset) { return b_.CreateConstInBoundsGEP1_64(i8_, base, offset); }

  void SetState(size_t rule, ir::RuleState state) {
    b_.CreateStore(b_.getInt8(static_cast<uint8_t>(state)), b_.CreateConstInBoundsGEP2_64(states_->getAllocatedType(), states_, 0, rule));
  }
  void CountFailure() {
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i32_, failed_count_), b_.getInt32(1)), failed_count_);
  }

  // Stores the decision's summary (and each rule's state, when asked for) and returns `status`.
  void Finish(int32_t status, bool outside) {
    b_.CreateStore(outside ? static_cast<llvm::Value*>(b_.getInt32(-1)) : b_.CreateLoad(i32_, first_failed_),
                   Field(res_, offsetof(prv_result, failed_rule)));
    b_.CreateStore(b_.CreateLoad(i32_, failed_count_), Field(res_, offsetof(prv_result, failed_count)));
    if (!p_->rules.empty()) {
      auto* copy = NewBlock("copy_states");
      auto* done = NewBlock("return");
      b_.CreateCondBr(b_.CreateIsNotNull(rule_state_out_), copy, done);
      b_.SetInsertPoint(copy);
      b_.CreateMemCpy(rule_state_out_, llvm::MaybeAlign(1), states_, llvm::MaybeAlign(1), p_->rules.size());
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
    }
    b_.CreateRet(b_.getInt32(status));
  }

  // Writes `words` at trace[at...] when the caller asked for a trace.
  void Trace(int64_t at, std::initializer_list<llvm::Value*> words) {
    if (!coverage_) return;
    auto* write = NewBlock("trace");
    auto* done = NewBlock("traced");
    b_.CreateCondBr(b_.CreateIsNotNull(trace_), write, done);
    b_.SetInsertPoint(write);
    b_.CreateStore(b_.getInt64(1), b_.CreateConstInBoundsGEP1_64(i64_, trace_, at));
    int64_t k = 1;
    for (llvm::Value* w : words) {
      if (w->getType() != i64_) w = b_.CreateZExt(w, i64_);
      b_.CreateStore(w, b_.CreateConstInBoundsGEP1_64(i64_, trace_, at + k++));
    }
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
  }

  void StoreOutput(size_t i, Value v) {
    // A bool fills its whole word: the caller's buffer may hold anything.
    if (v.a->getType() != i64_) v.a = b_.CreateZExt(v.a, i64_);
    b_.CreateStore(v.a, b_.CreateConstInBoundsGEP1_64(i64_, outputs_, 2 * i));
    b_.CreateStore(v.b ? v.b : b_.getInt64(1), b_.CreateConstInBoundsGEP1_64(i64_, outputs_, 2 * i + 1));
    b_.CreateStore(b_.getInt8(1), b_.CreateConstInBoundsGEP1_64(i8_, output_present_, i));
  }

  // A value outside what its declaration admits (see runtime.h): `v` is its two words.
  llvm::Value* OutOfRange(const schema::Field& f, llvm::Value* a, llvm::Value* b) {
    using V = schema::ValueType;
    llvm::Value* bad = b_.getFalse();
    auto below = [&](llvm::Value* x, int64_t min) { return b_.CreateICmpSLT(x, b_.getInt64(min)); };
    auto above = [&](llvm::Value* x, int64_t max) { return b_.CreateICmpSGT(x, b_.getInt64(max)); };
    switch (f.type) {
      case V::Bool: bad = b_.CreateICmpUGT(a, b_.getInt64(1)); break;
      case V::Int:
        if (f.min) bad = below(a, *f.min);
        if (f.max) bad = b_.CreateOr(bad, above(a, *f.max));
        break;
      case V::Enum:
        bad = b_.CreateICmpUGE(a, b_.getInt64(static_cast<int64_t>(m_.schema.enums[f.enum_id].words.size())));
        break;
      case V::Date: bad = b_.CreateOr(below(a, first_day_), above(a, last_day_)); break;
      case V::Money:
        if (f.min) bad = below(a, 0);
        break;
      case V::Rate:
      case V::Decimal:
        bad = below(b, 1);
        if (f.min) bad = b_.CreateOr(bad, below(a, 0));
        break;
      case V::Text: break;
    }
    return bad;
  }

  // Step 0 of the protocol: what the caller passed is what the schema
  // declares, checked before anything is decided, in reading order, so that
  // an embedder gets the error `provisio eval` gives.
  void Admit(const ir::Provision& p) {
    // A caller's null arrays are refused, not read.
    if (!p.needed_slots.empty())
      FailIf(b_.CreateOr(b_.CreateIsNull(values_), b_.CreateIsNull(present_)), b_.getInt32(PRV_BAD_FACT), -1, -1);
    for (int32_t slot : p.needed_slots) {
      const schema::Field& f = m_.schema.facts[m_.slots[slot].fact];
      llvm::Value* here = b_.CreateICmpNE(b_.CreateLoad(i8_, b_.CreateConstInBoundsGEP1_64(i8_, present_, slot)), b_.getInt8(0));
      if (!f.optional) FailIf(b_.CreateNot(here), b_.getInt32(PRV_MISSING_FACT), -1, slot);
      if (f.type == schema::ValueType::Text) continue;
      llvm::Value* a = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, values_, 2 * slot));
      llvm::Value* b = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, values_, 2 * slot + 1));
      FailIf(b_.CreateAnd(here, OutOfRange(f, a, b)), b_.getInt32(PRV_BAD_FACT), -1, slot);
    }
    for (int32_t l : p.lists_read) AdmitList(l);
  }

  // A list it queries: given, and each element's every field as its record declares it.
  void AdmitList(int32_t l) {
    const auto& record = m_.schema.records[m_.schema.lists[l].record];
    int64_t width = static_cast<int64_t>(record.fields.size());
    Culprit whole{l, -1, b_.getInt64(-1)};
    // No list array, or one too short to hold this list: the list is not given.
    FailIf(b_.CreateOr(b_.CreateIsNull(lists_), b_.CreateICmpSLE(list_count_, b_.getInt64(l))),
           b_.getInt32(PRV_MISSING_FACT), -1, -1, whole);
    llvm::Value* list = b_.CreateConstInBoundsGEP1_64(i8_, lists_, l * static_cast<int64_t>(sizeof(prv_list)));
    llvm::Value* length = b_.CreateLoad(i64_, Field(list, offsetof(prv_list, count)));
    FailIf(b_.CreateICmpSLT(length, b_.getInt64(0)), b_.getInt32(PRV_MISSING_FACT), -1, -1, whole);
    llvm::Value* words = b_.CreateLoad(ptr_, Field(list, offsetof(prv_list, values)));
    llvm::Value* bytes = b_.CreateLoad(ptr_, Field(list, offsetof(prv_list, present)));
    llvm::Value* null = b_.CreateOr(b_.CreateIsNull(words), b_.CreateIsNull(bytes));
    FailIf(b_.CreateAnd(b_.CreateICmpSGT(length, b_.getInt64(0)), null), b_.getInt32(PRV_BAD_FACT), -1, -1, whole);
    llvm::BasicBlock* from = b_.GetInsertBlock();
    auto* head = NewBlock("admit_list");
    auto* body = NewBlock("admit_element");
    auto* done = NewBlock("admitted");
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    auto* index = b_.CreatePHI(i64_, 2, "i");
    index->addIncoming(b_.getInt64(0), from);
    b_.CreateCondBr(b_.CreateICmpSLT(index, length), body, done);
    b_.SetInsertPoint(body);
    llvm::Value* first_word = b_.CreateMul(index, b_.getInt64(2 * width));
    llvm::Value* first_byte = b_.CreateMul(index, b_.getInt64(width));
    for (int64_t k = 0; k < width; ++k) {
      const schema::Field& f = record.fields[k];
      Culprit field{l, static_cast<int32_t>(k), index};
      llvm::Value* at = b_.CreateAdd(first_word, b_.getInt64(2 * k));
      llvm::Value* a = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, words, at));
      llvm::Value* b = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, words, b_.CreateAdd(at, b_.getInt64(1))));
      llvm::Value* here = b_.CreateICmpNE(
          b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, bytes, b_.CreateAdd(first_byte, b_.getInt64(k)))), b_.getInt8(0));
      if (!f.optional) FailIf(b_.CreateNot(here), b_.getInt32(PRV_MISSING_FACT), -1, -1, field);
      // An absent optional field holds its type's no-value, which the code compares against.
      llvm::Value* none = b_.getInt64(f.type == schema::ValueType::Text ? -1 : INT64_MIN);
      FailIf(b_.CreateSelect(here, OutOfRange(f, a, b), b_.CreateICmpNE(a, none)), b_.getInt32(PRV_BAD_FACT), -1, -1, field);
    }
    index->addIncoming(b_.CreateAdd(index, b_.getInt64(1)), b_.GetInsertBlock());
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
  }

  // Branches to the failure path when `failed` holds.
  void FailIf(llvm::Value* failed, llvm::Value* status, int32_t site, int32_t fact, Culprit culprit = {}) {
    auto* ok = NewBlock("ok");
    if (target_.skip) {
      b_.CreateCondBr(failed, target_.skip, ok, Unlikely());
    } else if (target_.not_assessed) {
      // Once a rule has failed, a rule that cannot be evaluated is not assessed.
      auto* bad = NewBlock("error");
      b_.CreateCondBr(failed, bad, ok, Unlikely());
      b_.SetInsertPoint(bad);
      BranchToFail(b_.CreateICmpSLT(b_.CreateLoad(i32_, first_failed_), b_.getInt32(0)), target_.not_assessed, status,
                   site, fact, culprit);
    } else {
      BranchToFail(failed, ok, status, site, fact, culprit);
    }
    b_.SetInsertPoint(ok);
  }
  llvm::MDNode* Unlikely() { return llvm::MDBuilder(ctx_).createBranchWeights(1, 1000); }
  // Where two ways meet: the value each brought.
  llvm::PHINode* Phi(llvm::Value* a, llvm::BasicBlock* from_a, llvm::Value* b, llvm::BasicBlock* from_b) {
    auto* phi = b_.CreatePHI(a->getType(), 2);
    phi->addIncoming(a, from_a);
    phi->addIncoming(b, from_b);
    return phi;
  }

  // Every failure of the function shares one block that stores why; its phis say which.
  void BranchToFail(llvm::Value* failed, llvm::BasicBlock* otherwise, llvm::Value* status, int32_t site, int32_t fact,
                    Culprit culprit) {
    llvm::BasicBlock* from = b_.GetInsertBlock();
    b_.CreateCondBr(failed, fail_.block, otherwise, Unlikely());
    fail_.status->addIncoming(status, from);
    fail_.site->addIncoming(b_.getInt32(site), from);
    fail_.fact->addIncoming(b_.getInt32(fact), from);
    fail_.list->addIncoming(b_.getInt32(culprit.list), from);
    fail_.field->addIncoming(b_.getInt32(culprit.field), from);
    fail_.element->addIncoming(culprit.element ? culprit.element : b_.getInt64(-1), from);
  }

  // The block every failure branches to: it stores the status and what it names, and returns PRV_ERROR.
  void MakeFailBlock() {
    fail_.block = NewBlock("fail");
    llvm::IRBuilder<> fb(fail_.block);
    fail_.status = fb.CreatePHI(i32_, 4, "status");
    fail_.site = fb.CreatePHI(i32_, 4, "site");
    fail_.fact = fb.CreatePHI(i32_, 4, "fact");
    fail_.list = fb.CreatePHI(i32_, 4, "list");
    fail_.field = fb.CreatePHI(i32_, 4, "field");
    fail_.element = fb.CreatePHI(i64_, 4, "element");
    auto field = [&](size_t offset) { return fb.CreateConstInBoundsGEP1_64(i8_, res_, static_cast<int64_t>(offset)); };
    fb.CreateStore(fail_.status, field(offsetof(prv_result, error_status)));
    fb.CreateStore(fail_.site, field(offsetof(prv_result, error_site)));
    fb.CreateStore(fail_.fact, field(offsetof(prv_result, error_fact)));
    fb.CreateStore(fail_.list, field(offsetof(prv_result, error_list)));
    fb.CreateStore(fail_.field, field(offsetof(prv_result, error_field)));
    fb.CreateStore(fail_.element, field(offsetof(prv_result, error_element)));
    fb.CreateRet(fb.getInt32(PRV_ERROR));
  }

  void CheckStatus(llvm::Value* status, int32_t site, int32_t fact = -1) {
    FailIf(b_.CreateICmpNE(status, b_.getInt32(0)), status, site, fact);
  }

  llvm::FunctionCallee Runtime(const char* name, llvm::Type* ret, std::vector<llvm::Type*> params) {
    return mod_.getOrInsertFunction(name, llvm::FunctionType::get(ret, params, false));
  }

  // A checked i64 operation through an overflow intrinsic.
  llvm::Value* Checked(llvm::Intrinsic::ID id, llvm::Value* l, llvm::Value* r, int32_t site) {
    llvm::Function* f = llvm::Intrinsic::getDeclaration(&mod_, id, {i64_});
    llvm::Value* pair = b_.CreateCall(f, {l, r});
    FailIf(b_.CreateExtractValue(pair, 1), b_.getInt32(PRV_OVERFLOW), site, -1);
    return b_.CreateExtractValue(pair, 0);
  }

  Value AsRatio(const ir::Expr& e, Value v) {
    if (e.type.IsRatio()) return v;
    return {v.a, b_.getInt64(1)};
  }

  // Ratios in the code need not be in lowest terms (the ABI's promise): an
  // operation is done inline on 64 bits, and only when a product overflows
  // there does the runtime redo it exactly on 128 bits and reduce it. An
  // overflow is thus an error exactly when the result in lowest terms does
  // not fit, as before; the common case makes no call and no GCD.
  Value RatioOp(ir::Arith::Op op, Value l, Value r, int32_t site) {
    llvm::Value* overflow = b_.getFalse();
    auto mul = [&](llvm::Value* x, llvm::Value* y) {
      llvm::Value* pair = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, x, y);
      overflow = b_.CreateOr(overflow, b_.CreateExtractValue(pair, 1));
      return b_.CreateExtractValue(pair, 0);
    };
    auto add = [&](llvm::Intrinsic::ID id, llvm::Value* x, llvm::Value* y) {
      llvm::Value* pair = b_.CreateBinaryIntrinsic(id, x, y);
      overflow = b_.CreateOr(overflow, b_.CreateExtractValue(pair, 1));
      return b_.CreateExtractValue(pair, 0);
    };
    llvm::Value *num = nullptr, *den = nullptr;
    using O = ir::Arith::Op;
    switch (op) {
      case O::Add:
      case O::Sub: {
        auto id = op == O::Add ? llvm::Intrinsic::sadd_with_overflow : llvm::Intrinsic::ssub_with_overflow;
        // Equal denominators (sums of amounts of one kind) add their numerators only.
        llvm::Value* same = b_.CreateICmpEQ(l.b, r.b);
        llvm::Value* cross = add(id, mul(l.a, r.b), mul(r.a, l.b));
        llvm::Value* direct = add(id, l.a, r.a);
        num = b_.CreateSelect(same, direct, cross);
        den = b_.CreateSelect(same, l.b, mul(l.b, r.b));
        break;
      }
      case O::Mul:
        num = mul(l.a, r.a);
        den = mul(l.b, r.b);
        break;
      case O::Div: {
        // By a negative: both signs turn (the runtime takes INT64_MIN and zero).
        llvm::Value* negative = b_.CreateICmpSLT(r.a, b_.getInt64(0));
        overflow = b_.CreateOr(b_.CreateICmpEQ(r.a, b_.getInt64(0)), b_.CreateICmpEQ(r.a, b_.getInt64(INT64_MIN)));
        llvm::Value* n = mul(l.a, r.b);
        llvm::Value* d = mul(l.b, b_.CreateSelect(negative, b_.CreateNeg(r.a), r.a));
        overflow = b_.CreateOr(overflow, b_.CreateAnd(negative, b_.CreateICmpEQ(n, b_.getInt64(INT64_MIN))));
        num = b_.CreateSelect(negative, b_.CreateNeg(n), n);
        den = d;
        break;
      }
    }
    llvm::BasicBlock* fast = b_.GetInsertBlock();
    auto* slow = NewBlock("ratio_exact");
    auto* done = NewBlock("ratio_done");
    b_.CreateCondBr(overflow, slow, done, Unlikely());
    b_.SetInsertPoint(slow);
    static const char* kNames[] = {"prv_ratio_add", "prv_ratio_sub", "prv_ratio_mul", "prv_ratio_div"};
    auto fn = Runtime(kNames[static_cast<int>(op)], i32_, {i64_, i64_, i64_, i64_, ptr_});
    CheckStatus(b_.CreateCall(fn, {l.a, l.b, r.a, r.b, ratio_slot_}), site);
    llvm::Value* exact_num = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, ratio_slot_, 0));
    llvm::Value* exact_den = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, ratio_slot_, 1));
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return {Phi(num, fast, exact_num, slow_end), Phi(den, fast, exact_den, slow_end)};
  }

  // -1 / 0 / 1 comparison of two numbers of any numeric type: denominators
  // are positive, so cross products on 128 bits compare exactly.
  llvm::Value* RatioCmp(Value l, Value r) {
    auto* i128 = b_.getInt128Ty();
    llvm::Value* left = b_.CreateMul(b_.CreateSExt(l.a, i128), b_.CreateSExt(r.b, i128));
    llvm::Value* right = b_.CreateMul(b_.CreateSExt(r.a, i128), b_.CreateSExt(l.b, i128));
    return b_.CreateSub(b_.CreateZExt(b_.CreateICmpSGT(left, right), i32_), b_.CreateZExt(b_.CreateICmpSLT(left, right), i32_));
  }

  // fen × num / den rounded once: on 64 bits unless fen × num overflows
  // there, then on 128 in the runtime.
  llvm::Value* MoneyTimesRatio(llvm::Value* fen, Value ratio, int32_t site) {
    llvm::Value* pair = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, fen, ratio.a);
    auto* fast = NewBlock("money_fast");
    auto* slow = NewBlock("money_exact");
    auto* done = NewBlock("money_done");
    b_.CreateCondBr(b_.CreateExtractValue(pair, 1), slow, fast, Unlikely());
    b_.SetInsertPoint(fast);
    llvm::Value* fast_value = DivRoundHalfAway(b_.CreateExtractValue(pair, 0), ratio.b);
    llvm::BasicBlock* fast_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(slow);
    auto fn = Runtime("prv_money_mul_ratio", i32_, {i64_, i64_, i64_, ptr_});
    CheckStatus(b_.CreateCall(fn, {fen, ratio.a, ratio.b, int_slot_}), site);
    llvm::Value* exact = b_.CreateLoad(i64_, int_slot_);
    llvm::BasicBlock* slow_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return Phi(fast_value, fast_end, exact, slow_end);
  }

  // Money × (if c then 30% else 60%): the product taken in each branch, so
  // that each divides by a constant (a multiplication) instead of by
  // whichever denominator was chosen (a division instruction).
  std::optional<Value> MoneyTimesChoice(const ir::Expr& e, const ir::Arith& a) {
    if (e.type.kind != TypeKind::Money || a.op != ir::Arith::Op::Mul) return std::nullopt;
    bool money_left = a.l->type.kind == TypeKind::Money;
    const ir::Expr& choice = money_left ? *a.r : *a.l;
    const auto* s = std::get_if<ir::Select>(&choice.node);
    if (!choice.type.IsRatio() || s == nullptr || !std::holds_alternative<ir::Const>(s->then_value->node) ||
        !std::holds_alternative<ir::Const>(s->else_value->node))
      return std::nullopt;
    // The operands in their written order: money first, or the choice's condition first.
    llvm::Value* fen = money_left ? Eval(a.l).a : nullptr;
    llvm::Value* c = Eval(s->cond).a;
    auto* then_block = NewBlock("then");
    auto* else_block = NewBlock("else");
    auto* done = NewBlock("select");
    b_.CreateCondBr(c, then_block, else_block);
    auto arm = [&](llvm::BasicBlock* block, const ir::ExprPtr& rate) {
      b_.SetInsertPoint(block);
      Value ratio = Eval(rate);
      llvm::Value* product = MoneyTimesRatio(fen ? fen : Eval(a.r).a, ratio, e.site);
      llvm::BasicBlock* end = b_.GetInsertBlock();
      b_.CreateBr(done);
      return std::make_pair(product, end);
    };
    auto [t, t_end] = arm(then_block, s->then_value);
    auto [f, f_end] = arm(else_block, s->else_value);
    b_.SetInsertPoint(done);
    return Value{Phi(t, t_end, f, f_end), nullptr};
  }

  // n / d (d > 0) rounded half away from zero: it always fits. A division
  // instruction costs tens of cycles: by a constant LLVM multiplies instead,
  // and a denominator of 1 (a whole decimal fact) skips it.
  llvm::Value* DivRoundHalfAway(llvm::Value* n, llvm::Value* d) {
    if (!llvm::isa<llvm::Constant>(d)) {
      llvm::BasicBlock* whole = b_.GetInsertBlock();
      auto* divide = NewBlock("divide");
      auto* done = NewBlock("divided");
      b_.CreateCondBr(b_.CreateICmpEQ(d, b_.getInt64(1)), done, divide);
      b_.SetInsertPoint(divide);
      llvm::Value* q = RoundedQuotient(n, d);
      llvm::BasicBlock* divide_end = b_.GetInsertBlock();
      b_.CreateBr(done);
      b_.SetInsertPoint(done);
      return Phi(n, whole, q, divide_end);
    }
    return RoundedQuotient(n, d);
  }
  llvm::Value* RoundedQuotient(llvm::Value* n, llvm::Value* d) {
    llvm::Value* q = b_.CreateSDiv(n, d);
    llvm::Value* rest = b_.CreateSRem(n, d);
    llvm::Value* magnitude = b_.CreateSelect(b_.CreateICmpSLT(rest, b_.getInt64(0)), b_.CreateNeg(rest), rest);
    llvm::Value* up = b_.CreateICmpSGE(magnitude, b_.CreateSub(d, magnitude));
    llvm::Value* step = b_.CreateSelect(b_.CreateICmpSLT(n, b_.getInt64(0)), b_.getInt64(-1), b_.getInt64(1));
    return b_.CreateAdd(q, b_.CreateSelect(up, step, b_.getInt64(0)));
  }

  Value Eval(const ir::ExprPtr& e) { return Eval(*e); }

  Value Eval(const ir::Expr& e) {
    return std::visit([&](const auto& n) { return EvalNode(e, n); }, e.node);
  }

  Value EvalNode(const ir::Expr& e, const ir::Const& c) {
    if (e.type.kind == TypeKind::Bool) return {b_.getInt1(c.a != 0), nullptr};
    return {b_.getInt64(c.a), e.type.IsRatio() ? b_.getInt64(c.b) : nullptr};
  }

  Value EvalNode(const ir::Expr& e, const ir::FactLoad& f) {
    if (m_.slots[f.slot].optional) {
      llvm::Value* here = b_.CreateLoad(i8_, b_.CreateConstInBoundsGEP1_64(i8_, present_, f.slot));
      FailIf(b_.CreateICmpEQ(here, b_.getInt8(0)), b_.getInt32(PRV_MISSING_FACT), e.site, f.slot);
    }
    Value v{b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, values_, 2 * f.slot)), nullptr};
    if (e.type.IsRatio()) v.b = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, values_, 2 * f.slot + 1));
    if (e.type.kind == TypeKind::Bool) v.a = b_.CreateICmpNE(v.a, b_.getInt64(0));
    return v;
  }

  Value EvalNode(const ir::Expr&, const ir::FactPresent& f) {
    llvm::Value* here = b_.CreateLoad(i8_, b_.CreateConstInBoundsGEP1_64(i8_, present_, f.slot));
    return {b_.CreateICmpNE(here, b_.getInt8(0)), nullptr};
  }

  // A field of the element the innermost query visits: two words per field.
  Value EvalNode(const ir::Expr& e, const ir::ListField& f) {
    Value v{b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, element_, 2 * f.field)), nullptr};
    if (e.type.IsRatio()) v.b = b_.CreateLoad(i64_, b_.CreateConstInBoundsGEP1_64(i64_, element_, 2 * f.field + 1));
    return v;
  }

  Value EvalNode(const ir::Expr& e, const ir::Unary& u) {
    Value x = Eval(u.x);
    if (u.op == ir::Unary::Op::Not) return {b_.CreateNot(x.a), nullptr};
    return {Checked(llvm::Intrinsic::ssub_with_overflow, b_.getInt64(0), x.a, e.site), x.b};
  }

  Value EvalNode(const ir::Expr& e, const ir::Arith& a) {
    if (auto v = MoneyTimesChoice(e, a)) return *v;
    Value l = Eval(a.l), r = Eval(a.r);
    // Money × rate or decimal: one rounding.
    if (e.type.kind == TypeKind::Money && (a.l->type.IsRatio() || a.r->type.IsRatio())) {
      bool money_left = a.l->type.kind == TypeKind::Money;
      Value money = money_left ? l : r, ratio = money_left ? r : l;
      return {MoneyTimesRatio(money.a, ratio, e.site), nullptr};
    }
    if (e.type.IsRatio()) {
      return RatioOp(a.op, AsRatio(*a.l, l), AsRatio(*a.r, r), e.site);
    }
    // Integers and money (sums, money × int): LLVM's overflow intrinsics.
    switch (a.op) {
      case ir::Arith::Op::Add: return {Checked(llvm::Intrinsic::sadd_with_overflow, l.a, r.a, e.site), nullptr};
      case ir::Arith::Op::Sub: return {Checked(llvm::Intrinsic::ssub_with_overflow, l.a, r.a, e.site), nullptr};
      case ir::Arith::Op::Mul: return {Checked(llvm::Intrinsic::smul_with_overflow, l.a, r.a, e.site), nullptr};
      case ir::Arith::Op::Div: break;  // integer results never come from division (sema)
    }
    return {b_.getInt64(0), nullptr};
  }

  Value EvalNode(const ir::Expr& e, const ir::Compare& c) {
    Value l = Eval(c.l), r = Eval(c.r);
    if (auto traced = traced_.find(&e); traced != traced_.end())
      Trace(TraceLayout::PointAt(traced->second),
            {l.a, l.b ? l.b : b_.getInt64(1), r.a, r.b ? r.b : b_.getInt64(1)});
    using O = ir::Compare::Op;
    if (c.l->type.IsRatio() || c.r->type.IsRatio()) {
      llvm::Value* cmp = RatioCmp(AsRatio(*c.l, l), AsRatio(*c.r, r));
      l.a = cmp;
      r.a = b_.getInt32(0);
    }
    switch (c.op) {
      case O::Eq: return {b_.CreateICmpEQ(l.a, r.a), nullptr};
      case O::Ne: return {b_.CreateICmpNE(l.a, r.a), nullptr};
      case O::Lt: return {b_.CreateICmpSLT(l.a, r.a), nullptr};
      case O::Le: return {b_.CreateICmpSLE(l.a, r.a), nullptr};
      case O::Gt: return {b_.CreateICmpSGT(l.a, r.a), nullptr};
      case O::Ge: return {b_.CreateICmpSGE(l.a, r.a), nullptr};
    }
    return {b_.getFalse(), nullptr};
  }

  // Lets certainly computed once `e` is: those it reads outside a
  // short-circuited operand or a branch, and those their values read.
  void Forced(const ir::Expr& e, std::vector<bool>& lets) const {
    if (const auto* r = std::get_if<ir::LetRef>(&e.node)) {
      if (!lets[r->let]) {
        lets[r->let] = true;
        Forced(*p_->lets[r->let].value, lets);
      }
      return;
    }
    if (const auto* l = std::get_if<ir::Logic>(&e.node)) return Forced(*l->l, lets);
    if (const auto* s = std::get_if<ir::Select>(&e.node)) return Forced(*s->cond, lets);
    if (std::holds_alternative<ir::ListQuery>(e.node)) return;
    ir::ForEachChild(e, [&](const ir::ExprPtr& c) { Forced(*c, lets); });
  }

  // Whether `e` may be evaluated where short-circuiting would skip it: it
  // cannot fail, computes no let (those it reads are computed already), and
  // there is no coverage or trace to see the difference.
  bool Speculable(const ir::Expr& e, const std::vector<bool>& computed) const {
    if (e.site >= 0) return false;
    return std::visit(
        [&](const auto& n) {
          using N = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<N, ir::Const> || std::is_same_v<N, ir::FactPresent>) return true;
          else if constexpr (std::is_same_v<N, ir::FactLoad>) return !m_.slots[n.slot].optional;
          else if constexpr (std::is_same_v<N, ir::LetRef>) return static_cast<bool>(computed[n.let]);
          else if constexpr (std::is_same_v<N, ir::Compare> || std::is_same_v<N, ir::Logic>)
            return Speculable(*n.l, computed) && Speculable(*n.r, computed);
          else if constexpr (std::is_same_v<N, ir::Unary>) return n.op == ir::Unary::Op::Not && Speculable(*n.x, computed);
          else if constexpr (std::is_same_v<N, ir::Probe>) return Speculable(*n.x, computed);
          else return false;
        },
        e.node);
  }

  Value EvalNode(const ir::Expr&, const ir::Logic& lg) {
    // Both operands, no branch, when the right one is safe to evaluate
    // anyway: a branch on a condition that goes either way costs more
    // than a comparison (the reference rule's `rate <= a or (n <= 30 and rate <= b)`).
    if (!coverage_) {
      std::vector<bool> computed(p_->lets.size());
      Forced(*lg.l, computed);
      if (Speculable(*lg.r, computed)) {
        llvm::Value* l = Eval(lg.l).a;
        llvm::Value* r = Eval(lg.r).a;
        return {lg.op == ir::Logic::Op::And ? b_.CreateAnd(l, r) : b_.CreateOr(l, r), nullptr};
      }
    }
    llvm::Value* l = Eval(lg.l).a;
    llvm::BasicBlock* from = b_.GetInsertBlock();
    auto* rhs = NewBlock(lg.op == ir::Logic::Op::And ? "and" : "or");
    auto* done = NewBlock("logic");
    if (lg.op == ir::Logic::Op::And) b_.CreateCondBr(l, rhs, done);
    else b_.CreateCondBr(l, done, rhs);
    b_.SetInsertPoint(rhs);
    llvm::Value* r = Eval(lg.r).a;
    llvm::BasicBlock* rhs_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    auto* phi = b_.CreatePHI(b_.getInt1Ty(), 2);
    phi->addIncoming(lg.op == ir::Logic::Op::And ? b_.getFalse() : b_.getTrue(), from);
    phi->addIncoming(r, rhs_end);
    return {phi, nullptr};
  }

  Value EvalNode(const ir::Expr& e, const ir::Select& s) {
    llvm::Value* c = Eval(s.cond).a;
    auto* then_block = NewBlock("then");
    auto* else_block = NewBlock("else");
    auto* done = NewBlock("select");
    b_.CreateCondBr(c, then_block, else_block);
    b_.SetInsertPoint(then_block);
    Value t = Eval(s.then_value);
    if (e.type.IsRatio()) t = AsRatio(*s.then_value, t);
    llvm::BasicBlock* then_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(else_block);
    Value f = Eval(s.else_value);
    if (e.type.IsRatio()) f = AsRatio(*s.else_value, f);
    llvm::BasicBlock* else_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    Value out;
    auto* pa = b_.CreatePHI(t.a->getType(), 2);
    pa->addIncoming(t.a, then_end);
    pa->addIncoming(f.a, else_end);
    out.a = pa;
    if (e.type.IsRatio()) {
      auto* pb = b_.CreatePHI(i64_, 2);
      pb->addIncoming(t.b, then_end);
      pb->addIncoming(f.b, else_end);
      out.b = pb;
    }
    return out;
  }

  Value EvalNode(const ir::Expr& e, const ir::DateShift& s) {
    llvm::Value* date = Eval(s.date).a;
    llvm::Value* status = nullptr;
    switch (s.unit) {
      case ir::DateShift::Unit::Days:
        status = b_.CreateCall(Runtime("prv_date_add_days", i32_, {i64_, i64_, ptr_}),
                               {date, b_.getInt64(s.amount), int_slot_});
        break;
      case ir::DateShift::Unit::Months:
        status = b_.CreateCall(Runtime("prv_date_add_months", i32_, {i64_, i64_, ptr_}),
                               {date, b_.getInt64(s.amount), int_slot_});
        break;
      case ir::DateShift::Unit::WorkingDays:
        status = b_.CreateCall(Runtime("prv_working_days_after", i32_, {ptr_, i64_, i64_, ptr_}),
                               {calendars_.at(s.calendar), date, b_.getInt64(s.amount), int_slot_});
        break;
    }
    CheckStatus(status, e.site, s.origin_slot);
    return {b_.CreateLoad(i64_, int_slot_), nullptr};
  }

  Value EvalNode(const ir::Expr& e, const ir::Builtin& f) {
    using Fn = ir::Builtin::Fn;
    switch (f.fn) {
      case Fn::Age: {
        Value birth = Eval(f.args[0]), on = Eval(f.args[1]);
        return {b_.CreateCall(Runtime("prv_age_years", i64_, {i64_, i64_}), {birth.a, on.a}), nullptr};
      }
      case Fn::Year:
        return {b_.CreateCall(Runtime("prv_year_of", i64_, {i64_}), {Eval(f.args[0]).a}), nullptr};
      case Fn::Round: {
        Value x = Eval(f.args[0]);
        return {DivRoundHalfAway(x.a, x.b), nullptr};
      }
      case Fn::Max:
      case Fn::Min: {
        Value l = Eval(f.args[0]), r = Eval(f.args[1]);
        llvm::Value* l_below;
        if (e.type.IsRatio()) {
          l = AsRatio(*f.args[0], l);
          r = AsRatio(*f.args[1], r);
          l_below = b_.CreateICmpSLT(RatioCmp(l, r), b_.getInt32(0));
        } else {
          l_below = b_.CreateICmpSLT(l.a, r.a);
        }
        bool take_r = f.fn == Fn::Max;
        Value out{b_.CreateSelect(l_below, take_r ? r.a : l.a, take_r ? l.a : r.a), nullptr};
        if (e.type.IsRatio()) out.b = b_.CreateSelect(l_below, take_r ? r.b : l.b, take_r ? l.b : r.b);
        return out;
      }
    }
    return {b_.getInt64(0), nullptr};
  }

  Value EvalNode(const ir::Expr&, const ir::ListQuery& q) {
    // The list's prv_list: its element words and count.
    llvm::Value* list = b_.CreateConstInBoundsGEP1_64(i8_, lists_, q.list * static_cast<int64_t>(sizeof(prv_list)));
    llvm::Value* words = b_.CreateLoad(ptr_, Field(list, offsetof(prv_list, values)), "elements");
    llvm::Value* length = b_.CreateLoad(i64_, Field(list, offsetof(prv_list, count)), "length");
    int64_t width = static_cast<int64_t>(m_.schema.records[m_.schema.lists[q.list].record].fields.size());
    llvm::BasicBlock* from = b_.GetInsertBlock();
    auto* head = NewBlock("list");
    auto* body = NewBlock("element");
    auto* next = NewBlock("next_element");
    auto* done = NewBlock("list_done");
    b_.CreateBr(head);
    b_.SetInsertPoint(head);
    auto* index = b_.CreatePHI(i64_, 2, "i");
    auto* count = b_.CreatePHI(i64_, 2, "n");
    index->addIncoming(b_.getInt64(0), from);
    count->addIncoming(b_.getInt64(0), from);
    b_.CreateCondBr(b_.CreateICmpSLT(index, length), body, done);
    b_.SetInsertPoint(body);
    llvm::Value* outer = element_;
    element_ = b_.CreateInBoundsGEP(i64_, words, b_.CreateMul(index, b_.getInt64(2 * width)));
    llvm::Value* hit = q.where ? Eval(q.where).a : b_.getTrue();
    element_ = outer;
    llvm::Value* counted = b_.CreateAdd(count, b_.CreateZExt(hit, i64_));
    llvm::BasicBlock* body_end = b_.GetInsertBlock();
    if (q.any) b_.CreateCondBr(hit, done, next);
    else b_.CreateBr(next);
    b_.SetInsertPoint(next);
    llvm::Value* step = b_.CreateAdd(index, b_.getInt64(1));
    index->addIncoming(step, next);
    count->addIncoming(counted, next);
    b_.CreateBr(head);
    b_.SetInsertPoint(done);
    auto* result = b_.CreatePHI(i64_, 2);
    result->addIncoming(count, head);
    if (q.any) result->addIncoming(counted, body_end);
    if (q.any) return {b_.CreateICmpNE(result, b_.getInt64(0)), nullptr};
    return {result, nullptr};
  }

  Value EvalNode(const ir::Expr&, const ir::LetRef& r) {
    const ir::Let& let = p_->lets.at(r.let);
    const LetSlot& slot = lets_.at(r.let);
    auto* compute = NewBlock("let");
    auto* done = NewBlock("let_done");
    b_.CreateCondBr(b_.CreateLoad(b_.getInt1Ty(), slot.done), done, compute);
    b_.SetInsertPoint(compute);
    Value v = Eval(let.value);
    if (let.type.IsRatio()) v = AsRatio(*let.value, v);
    b_.CreateStore(v.a, slot.a);
    if (slot.b) b_.CreateStore(v.b, slot.b);
    b_.CreateStore(b_.getTrue(), slot.done);
    Trace(TraceLayout::LetAt(m_, r.let),
          {v.a, v.b ? v.b : b_.getInt64(1)});
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    Value out{b_.CreateLoad(slot.a->getAllocatedType(), slot.a), nullptr};
    if (slot.b) out.b = b_.CreateLoad(i64_, slot.b);
    return out;
  }

  Value EvalNode(const ir::Expr&, const ir::Probe& p) {
    if (coverage_)
      if (const ir::Expr* c = ir::TracedCompare(*p.x)) traced_.emplace(c, p.point);
    Value x = Eval(p.x);
    if (!coverage_) return x;
    auto* count = NewBlock("count");
    auto* done = NewBlock("counted");
    b_.CreateCondBr(b_.CreateIsNotNull(counters_), count, done);
    b_.SetInsertPoint(count);
    llvm::Value* index = b_.CreateAdd(b_.getInt64(2 * static_cast<int64_t>(p.point)), b_.CreateZExt(x.a, i64_));
    llvm::Value* slot = b_.CreateInBoundsGEP(i64_, counters_, index);
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, slot), b_.getInt64(1)), slot);
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    return x;
  }

  Value EvalNode(const ir::Expr& e, const ir::Fail& f) {
    FailIf(b_.getTrue(), b_.getInt32(f.status), e.site, -1);
    // Unreachable; a well-typed placeholder keeps the builder consistent.
    return {llvm::Constant::getNullValue(e.type.kind == TypeKind::Bool ? (llvm::Type*)b_.getInt1Ty() : i64_),
            e.type.IsRatio() ? b_.getInt64(1) : nullptr};
  }

  const ir::Module& m_;
  llvm::Module& mod_;
  llvm::LLVMContext& ctx_;
  llvm::Function* fn_;
  llvm::IRBuilder<> b_;
  const std::vector<llvm::GlobalVariable*>& calendars_;
  bool coverage_;
  llvm::Value* counters_ = nullptr;
  llvm::Type *i64_, *i32_, *i8_, *ptr_;
  llvm::Value *res_, *values_, *present_, *lists_, *list_count_, *outputs_, *output_present_;
  llvm::Value* element_ = nullptr;  // the element the innermost list query visits
  int64_t first_day_ = 0, last_day_ = 0;  // the dates a fact may hold: years 1..9999
  const ir::Provision* p_ = nullptr;
  std::vector<LetSlot> lets_;
  llvm::AllocaInst *states_ = nullptr, *first_failed_ = nullptr, *failed_count_ = nullptr;
  llvm::Value* trace_ = nullptr;
  llvm::Value* rule_state_out_ = nullptr;
  std::unordered_map<const ir::Expr*, int32_t> traced_;  // comparisons whose operands a probe traces
  llvm::Value *ratio_slot_, *int_slot_;
  ErrorTarget target_;
  struct {
    llvm::BasicBlock* block = nullptr;
    llvm::PHINode *status, *site, *fact, *list, *field, *element;
  } fail_;
};
}  // namespace

namespace {
// `s` in a C identifier: `-` as `_`, any other byte but [A-Za-z0-9_] as _xHEX_.
std::string Identifier(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_') out += static_cast<char>(c);
    else if (c == '-') out += '_';
    else out += fmt::format("_x{:02X}_", c);
  }
  return out;
}
}  // namespace

std::string SymbolName(const ir::Module& module, size_t index) {
  const std::string& id = module.provisions[index].id;
  return "prv_" + Identifier(module.policy_id) + "__" + Identifier(id.substr(id.find('.') + 1));
}

std::string AbiSymbol(const ir::Module& module) { return "prv_" + Identifier(module.policy_id) + "_abi_version"; }

std::unique_ptr<llvm::Module> LowerToLlvm(const ir::Module& m, llvm::LLVMContext& context, bool coverage,
                                          std::optional<int> only) {
  auto mod = std::make_unique<llvm::Module>("provisio." + m.policy_id, context);
  llvm::IRBuilder<> b(context);
  std::vector<llvm::GlobalVariable*> calendars;
  for (const auto& cal : m.calendars) {
    auto* days = llvm::ConstantDataArray::get(context, llvm::ArrayRef<uint8_t>(cal.working));
    auto* data = new llvm::GlobalVariable(*mod, days->getType(), true, llvm::GlobalValue::PrivateLinkage, days,
                                          "calendar." + cal.name + ".days");
    auto* type = llvm::StructType::get(context, {b.getInt64Ty(), b.getInt64Ty(), b.getPtrTy()});
    auto* value = llvm::ConstantStruct::get(
        type, {b.getInt64(cal.first_day), b.getInt64(static_cast<int64_t>(cal.working.size())), data});
    calendars.push_back(new llvm::GlobalVariable(*mod, type, true, llvm::GlobalValue::PrivateLinkage, value,
                                                 "calendar." + cal.name));
  }
  auto* fn_type = llvm::FunctionType::get(b.getInt32Ty(), {b.getPtrTy(), b.getPtrTy()}, false);
  for (size_t i = 0; i < m.provisions.size(); ++i) {
    if (only && static_cast<int>(i) != *only) continue;
    auto* fn = llvm::Function::Create(fn_type, llvm::Function::ExternalLinkage, SymbolName(m, i), *mod);
    fn->addFnAttr(llvm::Attribute::NoUnwind);
    FunctionLowering(m, *mod, fn, calendars, coverage).Lower(m.provisions[i]);
  }
  std::string problems;
  llvm::raw_string_ostream os(problems);
  if (llvm::verifyModule(*mod, &os)) {
    llvm::errs() << "provisio: internal error: invalid LLVM IR\n" << problems << "\n";
    std::abort();
  }
  return mod;
}

void Optimize(llvm::Module& module) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, mam);
}

}  // namespace provisio::codegen
