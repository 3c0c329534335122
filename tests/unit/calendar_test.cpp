// Working days over a calendar given as data: January 2023 (春节 and its make-up days).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "provisio/runtime.h"

namespace {
int64_t D(const std::string& s) {
  int64_t d = 0;
  REQUIRE(prv_date_parse(s.data(), 10, &d) == PRV_OK);
  return d;
}

// 2023-01-01 (a Sunday) .. 2023-01-31: holidays 01-01..01-02 and 01-21..01-27,
// make-up working days Saturday 01-28 and Sunday 01-29.
std::vector<uint8_t> January2023() {
  std::vector<uint8_t> working(31);
  for (int day = 1; day <= 31; ++day) {
    int weekday = (day - 1 + 6) % 7;  // Monday = 0; 1 Jan 2023 was a Sunday (6)
    working[day - 1] = weekday < 5;
  }
  for (int day : {1, 2, 21, 22, 23, 24, 25, 26, 27}) working[day - 1] = 0;
  for (int day : {28, 29}) working[day - 1] = 1;
  return working;
}
}  // namespace

TEST_CASE("the n-th working day strictly after a date") {
  auto days = January2023();
  prv_calendar cal{D("2023-01-01"), 31, days.data()};
  int64_t out = 0;
  REQUIRE(prv_working_days_after(&cal, D("2023-01-01"), 1, &out) == PRV_OK);
  CHECK(out == D("2023-01-03"));  // 01-02 is a holiday
  REQUIRE(prv_working_days_after(&cal, D("2023-01-20"), 1, &out) == PRV_OK);
  CHECK(out == D("2023-01-28"));  // the make-up Saturday after 春节
  REQUIRE(prv_working_days_after(&cal, D("2023-01-20"), 2, &out) == PRV_OK);
  CHECK(out == D("2023-01-29"));
  REQUIRE(prv_working_days_after(&cal, D("2023-01-06"), 1, &out) == PRV_OK);
  CHECK(out == D("2023-01-09"));  // Friday → Monday
}

TEST_CASE("counting off the calendar is an error, not a guess") {
  auto days = January2023();
  prv_calendar cal{D("2023-01-01"), 31, days.data()};
  int64_t out = 0;
  CHECK(prv_working_days_after(&cal, D("2022-12-30"), 1, &out) == PRV_CALENDAR_RANGE);
  CHECK(prv_working_days_after(&cal, D("2023-01-30"), 2, &out) == PRV_CALENDAR_RANGE);  // 01-31, then February
  CHECK(prv_working_days_after(&cal, D("2023-01-30"), 1, &out) == PRV_OK);
  CHECK(out == D("2023-01-31"));
}
