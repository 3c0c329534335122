#include "embed/eval_json.h"

#include <cstring>
#include <string>
#include <vector>

#include "embed/policy_blob.h"
#include "source/json_writer.h"

namespace {
using provisio::eval::CompiledPolicy;
using provisio::eval::Evaluator;

// A module holds one blob (this code is linked into each module apart),
// read on the first call from any thread.
const CompiledPolicy* PolicyOf(const unsigned char* blob, int64_t size) {
  static const std::unique_ptr<CompiledPolicy> policy =
      provisio::embed::Deserialize({reinterpret_cast<const char*>(blob), static_cast<size_t>(size)});
  return policy.get();
}

void Answer(const std::string& text, char* answer, int64_t capacity, int64_t* answer_length) {
  if (answer_length != nullptr) *answer_length = static_cast<int64_t>(text.size());
  if (answer != nullptr && capacity > 0) {
    size_t n = std::min(text.size(), static_cast<size_t>(capacity - 1));
    std::memcpy(answer, text.data(), n);
    answer[n] = '\0';
  }
}

int32_t Refused(const std::string& message, char* answer, int64_t capacity, int64_t* answer_length) {
  std::string text;
  provisio::source::JsonWriter(text).BeginObject().Key("error").String(message).EndObject();
  Answer(text, answer, capacity, answer_length);
  return PRV_ERROR;
}
}  // namespace

extern "C" int32_t prv_embedded_eval_json(const unsigned char* blob, int64_t blob_size, int32_t provision,
                                          int32_t (*fn)(const prv_record*, prv_result*), const char* facts,
                                          int64_t facts_length, char* answer, int64_t capacity, int64_t* answer_length) {
  try {
    if ((facts == nullptr && facts_length != 0) || facts_length < 0)
      return Refused("no facts: NULL or a negative length", answer, capacity, answer_length);
    const CompiledPolicy* policy = PolicyOf(blob, blob_size);
    if (policy == nullptr || provision < 0 || static_cast<size_t>(provision) >= policy->module.provisions.size())
      return Refused("the module's description of its policy is damaged", answer, capacity, answer_length);
    // Each thread its own evaluators (decoder, record, outcome), made at its first call.
    thread_local std::vector<std::unique_ptr<Evaluator>> evaluators;
    thread_local provisio::eval::Outcome outcome;
    if (evaluators.size() < policy->module.provisions.size()) evaluators.resize(policy->module.provisions.size());
    auto& evaluator = evaluators[static_cast<size_t>(provision)];
    if (!evaluator) evaluator = std::make_unique<Evaluator>(*policy, fn, provision);
    evaluator->Evaluate(std::string_view(facts == nullptr ? "" : facts, static_cast<size_t>(facts_length)), outcome);
    if (!outcome.ok) {
      Answer(outcome.Json(), answer, capacity, answer_length);
      return PRV_ERROR;
    }
    Answer(outcome.json, answer, capacity, answer_length);
    return outcome.eligible ? PRV_ELIGIBLE : PRV_INELIGIBLE;
  } catch (...) {  // out of memory: no exception may cross the C boundary
    if (answer_length != nullptr) *answer_length = 0;
    if (answer != nullptr && capacity > 0) answer[0] = '\0';
    return PRV_ERROR;
  }
}
