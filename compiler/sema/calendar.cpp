// Working-day calendars as data: the root policy's `calendar NAME` becomes
// one byte per date of its years (the days outside its weekend, less
// holidays, plus make-up days).
#include <algorithm>

#include "provisio/runtime.h"
#include "ir/print.h"
#include "sema/checker.h"

namespace provisio::sema {

namespace {
using diag::Kind;

using ir::DateText;
}  // namespace

void Checker::CheckCalendars() {
  std::map<std::string, const ast::Calendar*> calendars;
  for (const auto& file : files_)
    for (const auto& cal : file.calendars) calendars.emplace(cal.name.text, &cal);
  const auto& header = files_[0].header;
  if (!header || !header->calendar) return;
  auto it = calendars.find(header->calendar->text);
  if (it == calendars.end()) {
    std::vector<std::string> names;
    for (const auto& [name, _] : calendars) names.push_back(name);
    emitter_.Emit(header->calendar->span, Kind::UnknownCalendar, header->calendar->text);
    return;
  }
  const ast::Calendar& cal = *it->second;
  if (!cal.years) {
    emitter_.Emit(cal.name.span, Kind::CalendarYears, "a date");
    return;
  }
  ir::Calendar out;
  out.name = cal.name.text;
  int64_t first = 0, last = 0;
  if (prv_date_from_ymd(cal.years->first, 1, 1, &first) != PRV_OK ||
      prv_date_from_ymd(cal.years->second, 12, 31, &last) != PRV_OK || last < first) {
    emitter_.Emit(cal.years_span, Kind::CalendarYears, "a year");
    return;
  }
  if (!cal.weekend_span) {
    emitter_.Emit(cal.name.span, Kind::CalendarWeekend, cal.name.text);
    return;
  }
  static const char* kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  bool weekend[7] = {};
  for (const auto& day : cal.weekend) {
    auto it = std::find_if(std::begin(kDays), std::end(kDays), [&](const char* d) { return day.text == d; });
    if (it == std::end(kDays)) emitter_.Emit(day.span, Kind::UnknownWeekday, day.text);
    else weekend[it - std::begin(kDays)] = true;
  }
  out.first_day = first;
  out.working.resize(last - first + 1);
  for (int64_t d = first; d <= last; ++d) {
    int64_t weekday = ((d % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; Monday = 0
    out.working[d - first] = !weekend[weekday];
  }
  auto mark = [&](const ast::CalendarRange& r, uint8_t working) {
    if (r.from < first || r.to > last || r.to < r.from) {
      emitter_.Emit(r.span, Kind::CalendarYears, DateText(r.from < first || r.from > last ? r.from : r.to));
      return;
    }
    for (int64_t d = r.from; d <= r.to; ++d) out.working[d - first] = working;
  };
  for (const auto& h : cal.holidays) mark(h, 0);
  for (const auto& w : cal.workdays) mark(w, 1);
  calendar_ = static_cast<int32_t>(module_.calendars.size());
  module_.calendars.push_back(std::move(out));
}

}  // namespace provisio::sema
