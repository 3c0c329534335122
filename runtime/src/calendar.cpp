// Working-day arithmetic over a calendar given as data (one byte per date).
#include "provisio/runtime.h"

extern "C" int32_t prv_working_days_after(const prv_calendar* calendar, int64_t date, int64_t n,
                                          int64_t* out) {
  int64_t index = date - calendar->first_day;
  if (index < 0 || index >= calendar->day_count) return PRV_CALENDAR_RANGE;
  if (n < 1) {
    if (n == 0) {
      *out = date;
      return PRV_OK;
    }
    return PRV_CALENDAR_RANGE;
  }
  for (int64_t i = index + 1; i < calendar->day_count; ++i) {
    if (calendar->working[i] && --n == 0) {
      *out = calendar->first_day + i;
      return PRV_OK;
    }
  }
  return PRV_CALENDAR_RANGE;
}
