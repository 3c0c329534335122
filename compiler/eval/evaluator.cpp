#include "eval/evaluator.h"

#include <fmt/format.h>

#include "eval/render.h"

namespace provisio::eval {

Evaluator::Evaluator(const CompiledPolicy& policy, const codegen::Jit& jit, int provision_index,
                     std::optional<int64_t> as_of, bool strict)
    : policy_(policy),
      provision_(policy.module.provisions.at(provision_index)),
      fn_(jit.Lookup(provision_index)),
      strings_(policy.module.strings) {
  const auto& m = policy.module;
  if (as_of) {  // it replaces the schema's default event fact
    for (int32_t slot : provision_.needed_slots)
      if (m.slots[slot].fact == m.schema.event) as_of_slot_ = slot;
    as_of_day_ = *as_of;
  }
  std::vector<facts::SlotSpec> wanted;
  std::vector<int32_t> required;
  for (int32_t slot : provision_.needed_slots) {
    wanted.push_back({slot, m.slots[slot].fact});
    if (!m.slots[slot].optional) required.push_back(slot);
  }
  decoder_ = std::make_unique<facts::Decoder>(m.schema, static_cast<int32_t>(m.slots.size()), std::move(wanted),
                                              std::move(required), provision_.lists_read, strings_, strict);
  for (size_t i = 0; i < provision_.rules.size(); ++i) {
    rule_reasons_.push_back(Reason(policy, provision_, static_cast<int32_t>(i), record_));
    quoted_reasons_.push_back(JsonString(rule_reasons_.back()));
  }
  for (const auto& o : provision_.outputs) quoted_names_.push_back("," + JsonString(o.name) + ":");
  outputs_.resize(2 * provision_.outputs.size());
  output_present_.resize(provision_.outputs.size());
}

Outcome Evaluator::Evaluate(std::string_view facts_json) {
  Outcome out;
  if (auto err = decoder_->Decode(facts_json, record_)) {
    out.error = err->message;
    out.error_fact = err->fact;
    out.unknown_key = err->unknown_key;
    return out;
  }
  if (as_of_slot_ >= 0) {
    record_.values[2 * as_of_slot_] = as_of_day_;
    record_.present[as_of_slot_] = 1;
  }
  prv_record rec = record_.View();
  prv_result res{outputs_.data(), output_present_.data(), -2, 0, -1, -1, coverage_};
  int32_t status = fn_(&rec, &res);
  if (status == PRV_ERROR) {
    out.error = RunTimeError(policy_, provision_, res, record_);
    if (res.error_fact >= 0) out.error_fact = policy_.module.slots[res.error_fact].name;
    return out;
  }
  out.ok = true;
  out.eligible = status == PRV_ELIGIBLE;
  out.failed_rule = res.failed_rule;
  // The JSON is written here, from names and reasons quoted once per provision.
  out.json = out.eligible ? "{\"eligible\":true" : "{\"eligible\":false";
  for (size_t i = 0; i < provision_.outputs.size(); ++i) {
    if (!output_present_[i]) continue;
    const auto& o = provision_.outputs[i];
    out.outputs.emplace_back(o.name, RenderValue(policy_.module.schema, o.type, outputs_[2 * i], outputs_[2 * i + 1], strings_));
    out.json += quoted_names_[i];
    out.json += out.outputs.back().second;
  }
  if (!out.eligible) {
    bool in_window = res.failed_rule >= 0;
    out.reasons.push_back(in_window ? rule_reasons_.at(res.failed_rule)
                                    : Reason(policy_, provision_, res.failed_rule, record_));
    out.json += ",\"reasons\":[";
    out.json += in_window ? quoted_reasons_[res.failed_rule] : JsonString(out.reasons.back());
    out.json += ']';
  }
  out.json += '}';
  return out;
}

std::string Outcome::Json() const {
  if (ok) return json;
  return fmt::format("{{\"error\":{}{}}}", JsonString(error),
                     error_fact.empty() ? "" : ",\"fact\":" + JsonString(error_fact));
}

}  // namespace provisio::eval
