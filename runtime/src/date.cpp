// Calendar-correct dates as day numbers (days since 1970-01-01), years 1..9999.
#include "provisio/runtime.h"

namespace {
constexpr int64_t kMinYear = 1, kMaxYear = 9999;

bool Leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t DaysInMonth(int64_t y, int64_t m) {
  static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && Leap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int64_t* m, int64_t* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

const int64_t kMinDay = DaysFromCivil(kMinYear, 1, 1);
const int64_t kMaxDay = DaysFromCivil(kMaxYear, 12, 31);
}  // namespace

extern "C" {

int32_t prv_date_from_ymd(int64_t year, int64_t month, int64_t day, int64_t* out) {
  if (year < kMinYear || year > kMaxYear) return PRV_DATE_RANGE;
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return PRV_SYNTAX;
  *out = DaysFromCivil(year, month, day);
  return PRV_OK;
}

void prv_date_to_ymd(int64_t date, int64_t* year, int64_t* month, int64_t* day) {
  CivilFromDays(date, year, month, day);
}

int32_t prv_date_add_months(int64_t date, int64_t months, int64_t* out) {
  if (months > 12 * kMaxYear || months < -12 * kMaxYear) return PRV_DATE_RANGE;
  int64_t y, m, d;
  CivilFromDays(date, &y, &m, &d);
  int64_t index = y * 12 + (m - 1) + months;
  int64_t ny = index / 12, nm = index % 12 + 1;
  if (ny < kMinYear || ny > kMaxYear) return PRV_DATE_RANGE;
  int64_t last = DaysInMonth(ny, nm);
  *out = DaysFromCivil(ny, nm, d < last ? d : last);
  return PRV_OK;
}

int32_t prv_date_add_days(int64_t date, int64_t days, int64_t* out) {
  if (days > kMaxDay - kMinDay || days < kMinDay - kMaxDay) return PRV_DATE_RANGE;
  int64_t r = date + days;
  if (r < kMinDay || r > kMaxDay) return PRV_DATE_RANGE;
  *out = r;
  return PRV_OK;
}

int64_t prv_age_years(int64_t birth, int64_t on) {
  int64_t by, bm, bd, oy, om, od;
  CivilFromDays(birth, &by, &bm, &bd);
  CivilFromDays(on, &oy, &om, &od);
  int64_t age = oy - by;
  // The birthday in year `oy`: 29 Feb falls back to 28 Feb in a common year.
  int64_t bday = bd > DaysInMonth(oy, bm) ? DaysInMonth(oy, bm) : bd;
  if (om < bm || (om == bm && od < bday)) --age;
  return age;
}

int64_t prv_year_of(int64_t date) {
  int64_t y, m, d;
  CivilFromDays(date, &y, &m, &d);
  return y;
}

int32_t prv_date_parse(const char* t, int64_t len, int64_t* out) {
  if (len != 10 || t[4] != '-' || t[7] != '-') return PRV_SYNTAX;
  int64_t v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < lens[k]; ++i) {
      char c = t[starts[k] + i];
      if (c < '0' || c > '9') return PRV_SYNTAX;
      v[k] = v[k] * 10 + (c - '0');
    }
  if (v[0] < kMinYear) return PRV_SYNTAX;
  return prv_date_from_ymd(v[0], v[1], v[2], out);
}

void prv_date_format(int64_t date, char* buf) {
  int64_t y, m, d;
  CivilFromDays(date, &y, &m, &d);
  const int64_t parts[3] = {y, m, d};
  const int widths[3] = {4, 2, 2};
  int pos = 0;
  for (int k = 0; k < 3; ++k) {
    if (k) buf[pos++] = '-';
    for (int i = widths[k] - 1; i >= 0; --i) {
      int64_t p = parts[k];
      for (int j = 0; j < i; ++j) p /= 10;
      buf[pos++] = static_cast<char>('0' + p % 10);
    }
  }
}

}  // extern "C"
