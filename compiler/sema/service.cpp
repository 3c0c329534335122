// How a provision's public is served (`service`, `serves`, `quote`): checked
// and kept for the published list, as the provision's own document says it.
#include <algorithm>
#include <iterator>

#include "sema/checker.h"

namespace provisio::sema {

ir::Service Checker::ServiceOf(const ast::Provision& p) {
  using diag::Kind;
  ir::Service out;
  out.serves = p.serves;
  out.quote = p.quote;
  std::vector<std::string> seen;
  for (const auto& item : p.service) {
    const std::string& key = item.key.text;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      emitter_.Emit(item.span, Kind::DuplicateClause, "service " + key);
      continue;
    }
    seen.push_back(key);
    if (key == "deadline") {
      if (!item.duration || !item.texts.empty() ||
          (item.duration->unit != ast::DurationUnit::Days && item.duration->unit != ast::DurationUnit::WorkingDays)) {
        emitter_.Emit(item.span, Kind::ServiceValue, key, "a number of days or working days (`service deadline 20 working days`)");
        continue;
      }
      out.deadline_days = item.duration->count;
      out.deadline_working = item.duration->unit == ast::DurationUnit::WorkingDays;
      if (out.deadline_working && calendar_ < 0) emitter_.Emit(item.duration_span, Kind::NoCalendar);
      continue;
    }
    const auto* known = std::find_if(std::begin(ir::kServiceTexts), std::end(ir::kServiceTexts),
                                     [&](const ir::ServiceKey& k) { return key == k.key; });
    if (known == std::end(ir::kServiceTexts)) {
      std::vector<std::string> keys{"deadline"};
      for (const auto& k : ir::kServiceTexts) keys.push_back(k.key);
      std::string hint = Suggest(key, keys);
      emitter_.Emit(item.key.span, Kind::UnknownServiceItem, key, hint.empty() ? "" : fmt::format("; did you mean `{}`?", hint))
          .Fix(item.key.span, hint);
      continue;
    }
    if (item.texts.empty()) {
      emitter_.Emit(item.span, Kind::ServiceValue, key, fmt::format("text (`service {} \"…\"`)", key));
      continue;
    }
    out.texts.emplace_back(key, item.texts);
  }
  // In the order a card lists them, whatever the order written.
  auto rank = [](const std::string& key) {
    return std::find_if(std::begin(ir::kServiceTexts), std::end(ir::kServiceTexts),
                        [&](const ir::ServiceKey& k) { return key == k.key; }) - std::begin(ir::kServiceTexts);
  };
  std::stable_sort(out.texts.begin(), out.texts.end(), [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
  return out;
}

}  // namespace provisio::sema
