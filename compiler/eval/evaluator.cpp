#include "eval/evaluator.h"

#include <fmt/format.h>

#include "eval/render.h"
#include "source/json_writer.h"

namespace provisio::eval {

Host::Host(const CompiledPolicy& policy, const std::vector<int>& provisions, std::optional<int64_t> as_of, bool strict)
    : policy_(policy), strings_(policy.module.strings) {
  const auto& m = policy.module;
  needs_.resize(m.provisions.size());
  std::vector<uint8_t> wanted_slot(m.slots.size()), wanted_list(m.schema.lists.size());
  for (int p : provisions) {
    const auto& prov = m.provisions.at(p);
    facts::Need& need = needs_[p];
    need.slots.assign(m.slots.size(), 0);
    for (int32_t slot : prov.needed_slots) need.slots[slot] = wanted_slot[slot] = 1;
    need.lists = prov.lists_read;
    for (int32_t l : prov.lists_read) wanted_list[l] = 1;
  }
  std::vector<facts::SlotSpec> wanted;
  for (size_t slot = 0; slot < m.slots.size(); ++slot)
    if (wanted_slot[slot]) wanted.push_back({static_cast<int32_t>(slot), m.slots[slot].fact});
  std::vector<int32_t> lists;
  for (size_t l = 0; l < wanted_list.size(); ++l)
    if (wanted_list[l]) lists.push_back(static_cast<int32_t>(l));
  decoder_ = std::make_unique<facts::Decoder>(m.schema, static_cast<int32_t>(m.slots.size()), std::move(wanted),
                                              std::move(lists), strings_, strict);
  if (as_of) {  // it replaces the schema's default event fact
    for (size_t slot = 0; slot < m.slots.size(); ++slot)
      if (wanted_slot[slot] && m.slots[slot].fact == m.schema.event) as_of_slot_ = static_cast<int32_t>(slot);
    as_of_day_ = *as_of;
  }
}

std::optional<facts::FactError> Host::Load(std::string_view facts_json) {
  if (auto err = decoder_->Decode(facts_json, record_)) return err;
  if (as_of_slot_ >= 0) {
    record_.values[2 * as_of_slot_] = as_of_day_;
    record_.present[as_of_slot_] = 1;
  }
  return std::nullopt;
}

std::optional<facts::FactError> Host::Check(int provision) const { return decoder_->Check(needs_.at(provision), record_); }

Evaluator::Evaluator(const CompiledPolicy& policy, codegen::ProvisionFn fn, int provision_index,
                     std::optional<int64_t> as_of, bool strict)
    : own_host_(std::make_unique<Host>(policy, std::vector<int>{provision_index}, as_of, strict)),
      host_(*own_host_),
      index_(provision_index),
      provision_(policy.module.provisions.at(provision_index)),
      fn_(fn) {
  Prepare();
}

Evaluator::Evaluator(Host& host, codegen::ProvisionFn fn, int provision_index)
    : host_(host),
      index_(provision_index),
      provision_(host.policy().module.provisions.at(provision_index)),
      fn_(fn) {
  Prepare();
}

void Evaluator::Prepare() {
  for (size_t i = 0; i < provision_.rules.size(); ++i) {
    rule_reasons_.push_back(Reason(host_.policy(), provision_, Ground{static_cast<int32_t>(i)}, host_.record()));
    quoted_reasons_.push_back(JsonString(rule_reasons_.back()));
  }
  for (const auto& o : provision_.outputs) quoted_names_.push_back(JsonString(o.name));
  outputs_.resize(2 * provision_.outputs.size());
  output_present_.resize(provision_.outputs.size());
  rule_state_.resize(provision_.rules.size());
}

Outcome Evaluator::Failed(const facts::FactError& e) {
  Outcome out;
  out.error = e.message;
  out.error_fact = e.fact;
  out.unknown_key = e.unknown_key;
  return out;
}

Outcome Evaluator::Evaluate(std::string_view facts_json) {
  Outcome out;
  Evaluate(facts_json, out);
  return out;
}

void Evaluator::Evaluate(std::string_view facts_json, Outcome& out) {
  if (auto err = host_.Load(facts_json)) {
    out = Failed(*err);
    return;
  }
  Fill(true, out);
}

Outcome Evaluator::EvaluateLoaded(bool render) {
  Outcome out;
  Fill(render, out);
  return out;
}

void Evaluator::Fill(bool render, Outcome& out) {
  // `out` is refilled in place: its strings keep their storage from one record to the next.
  out.ok = out.eligible = out.unknown_key = false;
  out.failed_rule = -2;
  out.error.clear();
  out.error_fact.clear();
  out.json.clear();
  out.grounds.clear();
  if (auto err = host_.Check(index_)) {
    out = Failed(*err);
    return;
  }
  const auto& policy = host_.policy();
  const auto& record = host_.record();
  prv_record rec = record.View();
  // The grounds are wanted only where the result is rendered.
  prv_result res{outputs_.data(), output_present_.data(), -2, 0, -1, -1, coverage_, render ? rule_state_.data() : nullptr,
                 0, trace_, -1, -1, -1};
  int32_t status = codegen::CallNative(fn_, &rec, &res);
  if (status == PRV_ERROR) {
    out.outputs.clear();
    out.reasons.clear();
    out.error = RunTimeError(policy, provision_, res, record);
    out.error_fact = FactNamed(policy.module, res);
    return;
  }
  out.ok = true;
  out.eligible = status == PRV_ELIGIBLE;
  out.failed_rule = res.failed_rule;
  if (!render) {
    out.outputs.clear();
    out.reasons.clear();
    return;
  }
  // Names, keys and plain reasons are quoted once per provision, not per record.
  source::JsonWriter json(out.json);
  json.BeginObject().QuotedKey("\"eligible\"").Bool(out.eligible);
  size_t given = 0;
  for (size_t i = 0; i < provision_.outputs.size(); ++i) {
    if (!output_present_[i]) continue;
    const auto& o = provision_.outputs[i];
    if (out.outputs.size() <= given) out.outputs.emplace_back();
    auto& [name, text] = out.outputs[given++];
    name = o.name;
    RenderValue(policy.module.schema, o.type, outputs_[2 * i], outputs_[2 * i + 1], host_.strings(), text);
    json.QuotedKey(quoted_names_[i]).Raw(text);
  }
  out.outputs.resize(given);
  size_t said = 0;
  if (!out.eligible) {
    Grounds(provision_, res.failed_rule, rule_state_, out.grounds);
    json.QuotedKey("\"reasons\"").BeginArray();
    for (const Ground& g : out.grounds) {
      bool plain = g.rule >= 0 && g.assessed;  // the same words for every record
      if (out.reasons.size() <= said) out.reasons.emplace_back();
      std::string& reason = out.reasons[said++];
      if (plain) {
        reason.assign(rule_reasons_[g.rule]);
        json.Raw(quoted_reasons_[g.rule]);
      } else {
        reason = Reason(policy, provision_, g, record);
        json.String(reason);
      }
    }
    json.EndArray();
  }
  out.reasons.resize(said);
  json.EndObject();
}

void Grounds(const ir::Provision& p, int32_t failed_rule, const std::vector<uint8_t>& states, std::vector<Ground>& out) {
  out.clear();
  if (failed_rule < 0) {
    out.push_back(Ground{});
    return;
  }
  for (size_t i = 0; i < p.rules.size(); ++i) {
    auto state = static_cast<ir::RuleState>(states[i]);
    if (state == ir::RuleState::Failed) out.push_back({static_cast<int32_t>(i), true, -1});
    if (state != ir::RuleState::NotAssessed) continue;
    // It waits on the first failed condition it depends on, else the first that failed.
    int32_t waits_on = failed_rule;
    for (int32_t g : p.rules[i].guards)
      if (static_cast<ir::RuleState>(states[g]) == ir::RuleState::Failed) {
        waits_on = g;
        break;
      }
    out.push_back({static_cast<int32_t>(i), false, waits_on});
  }
}

std::string Outcome::Json(std::optional<size_t> line) const {
  if (ok) return json;
  std::string text;
  source::JsonWriter out(text);
  out.BeginObject();
  if (line) out.Key("line").Int(static_cast<int64_t>(*line));
  out.Key("error").String(error);
  if (!error_fact.empty()) out.Key("fact").String(error_fact);
  out.EndObject();
  return text;
}

}  // namespace provisio::eval
