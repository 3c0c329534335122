// Calendar-correct dates: month ends, leap days, ages around birthdays.
#include <doctest/doctest.h>

#include <string>

#include "provisio/runtime.h"

namespace {
int64_t D(const std::string& s) {
  int64_t d = 0;
  REQUIRE(prv_date_parse(s.data(), 10, &d) == PRV_OK);
  return d;
}
std::string Text(int64_t d) {
  char buf[11] = {};
  prv_date_format(d, buf);
  return buf;
}
std::string AddMonths(const std::string& s, int64_t months) {
  int64_t out = 0;
  REQUIRE(prv_date_add_months(D(s), months, &out) == PRV_OK);
  return Text(out);
}
}  // namespace

TEST_CASE("day numbers count from 1970-01-01") {
  CHECK(D("1970-01-01") == 0);
  CHECK(D("2000-01-01") == 10957);
  CHECK(D("2000-03-01") == 10957 + 31 + 29);  // 2000 is a leap year
  CHECK(Text(D("2024-02-29")) == "2024-02-29");
}

TEST_CASE("impossible dates are refused") {
  int64_t d;
  CHECK(prv_date_parse("2023-02-29", 10, &d) == PRV_SYNTAX);  // 2023 is common
  CHECK(prv_date_parse("2023-02-30", 10, &d) == PRV_SYNTAX);
  CHECK(prv_date_parse("1900-02-29", 10, &d) == PRV_SYNTAX);  // century, not leap
  CHECK(prv_date_parse("2023-13-01", 10, &d) == PRV_SYNTAX);
  CHECK(prv_date_parse("2023-2-01", 9, &d) == PRV_SYNTAX);
  CHECK(prv_date_parse("2023/02/01", 10, &d) == PRV_SYNTAX);
}

TEST_CASE("adding months keeps the day or takes the month's last day") {
  CHECK(AddMonths("2023-08-31", 6) == "2024-02-29");
  CHECK(AddMonths("2022-08-31", 6) == "2023-02-28");
  CHECK(AddMonths("2023-01-31", 1) == "2023-02-28");
  CHECK(AddMonths("2024-02-29", 12) == "2025-02-28");  // 29 Feb + 1 year
  CHECK(AddMonths("2024-02-29", 48) == "2028-02-29");
  CHECK(AddMonths("2023-03-31", -1) == "2023-02-28");
  CHECK(AddMonths("2023-12-15", 1) == "2024-01-15");
  int64_t out;
  CHECK(prv_date_add_months(D("9999-12-01"), 1, &out) == PRV_DATE_RANGE);
}

TEST_CASE("ages are whole years completed") {
  CHECK(prv_age_years(D("2007-06-01"), D("2023-06-01")) == 16);  // on the birthday
  CHECK(prv_age_years(D("2007-06-01"), D("2023-05-31")) == 15);  // the day before
  CHECK(prv_age_years(D("1998-06-01"), D("2023-05-31")) == 24);  // still 24 the day before 25
  CHECK(prv_age_years(D("1998-06-01"), D("2023-06-01")) == 25);
  // Born on 29 Feb: N on 28 Feb of a common year.
  CHECK(prv_age_years(D("2000-02-29"), D("2023-02-27")) == 22);
  CHECK(prv_age_years(D("2000-02-29"), D("2023-02-28")) == 23);
  CHECK(prv_age_years(D("2000-02-29"), D("2024-02-28")) == 23);
  CHECK(prv_age_years(D("2000-02-29"), D("2024-02-29")) == 24);
}

TEST_CASE("the year of a date") {
  CHECK(prv_year_of(D("2023-12-31")) == 2023);
  CHECK(prv_year_of(D("2024-01-01")) == 2024);
}
