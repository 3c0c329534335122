// Exact ratios for rates and decimals.
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "provisio/runtime.h"

namespace {
prv_ratio Parse(const std::string& s, bool percent = false) {
  prv_ratio r{0, 0};
  REQUIRE(prv_ratio_parse(s.data(), static_cast<int64_t>(s.size()), percent, &r) == PRV_OK);
  return r;
}
std::string Format(int64_t n, int64_t d) {
  char buf[64];
  return std::string(buf, prv_ratio_format(n, d, buf));
}
}  // namespace

TEST_CASE("decimals and percents parse to lowest terms") {
  prv_ratio r = Parse("5.5", true);
  CHECK(r.num == 11);
  CHECK(r.den == 200);
  r = Parse("0.1");  // exact, not the binary 0.1000000000000000055…
  CHECK(r.num == 1);
  CHECK(r.den == 10);
  r = Parse("29.50");
  CHECK(r.num == 59);
  CHECK(r.den == 2);
  prv_ratio bad;
  CHECK(prv_ratio_parse("1.", 2, 0, &bad) == PRV_SYNTAX);
  CHECK(prv_ratio_parse("0.0000000000000000001", 21, 0, &bad) == PRV_PRECISION);
}

TEST_CASE("ratio arithmetic is exact") {
  prv_ratio r;
  REQUIRE(prv_ratio_add(1, 3, 1, 6, &r) == PRV_OK);
  CHECK((r.num == 1 && r.den == 2));
  REQUIRE(prv_ratio_sub(1, 1, 1, 2, &r) == PRV_OK);  // 1 − 50% = 50%
  CHECK((r.num == 1 && r.den == 2));
  REQUIRE(prv_ratio_mul(11, 2000, 1, 2, &r) == PRV_OK);  // 0.55% × 50% = 0.275%
  CHECK((r.num == 11 && r.den == 4000));
  CHECK(prv_ratio_div(1, 1, 0, 1, &r) == PRV_DIV_ZERO);
  CHECK(prv_ratio_mul(std::numeric_limits<int64_t>::max(), 1, 3, 1, &r) == PRV_OVERFLOW);
}

TEST_CASE("comparing 1/3 with 0.333333333 is exact") {
  CHECK(prv_ratio_cmp(1, 3, 333333333, 1000000000) == 1);
  CHECK(prv_ratio_cmp(11, 200, 55, 1000) == 0);  // 5.5% == 0.055
  CHECK(prv_ratio_cmp(1, 19, 11, 200) == -1);    // 1/19 ≈ 5.26% is below 5.5%: 200 < 209
}

TEST_CASE("rounding to an integer is half away from zero") {
  int64_t v = 0;
  REQUIRE(prv_ratio_round(59, 2, &v) == PRV_OK);  // 29.5 → 30
  CHECK(v == 30);
  REQUIRE(prv_ratio_round(2949, 100, &v) == PRV_OK);  // 29.49 → 29
  CHECK(v == 29);
  REQUIRE(prv_ratio_round(-5, 2, &v) == PRV_OK);  // -2.5 → -3
  CHECK(v == -3);
}

TEST_CASE("ratios format as decimals") {
  CHECK(Format(11, 200) == "0.055");
  CHECK(Format(1, 2) == "0.5");
  CHECK(Format(3, 1) == "3");
  CHECK(Format(-1, 4) == "-0.25");
  CHECK(Format(1, 3) == "0.333333333333333");
  // Whole parts at the ends of int64, and a ratio not in lowest terms (compiled code may hand one over).
  CHECK(Format(std::numeric_limits<int64_t>::min(), 1) == "-9223372036854775808");
  CHECK(Format(std::numeric_limits<int64_t>::max(), 2) == "4611686018427387903.5");
  CHECK(Format(6, 12) == "0.5");
}

TEST_CASE("lowest terms whatever the width of the intermediate") {
  prv_ratio r{0, 0};
  // (2^62 - 1)/2^62 + 1/2^62 = 1: the sum's terms are about 2^124 before reducing.
  const int64_t p62 = int64_t{1} << 62;
  REQUIRE(prv_ratio_add(p62 - 1, p62, 1, p62, &r) == PRV_OK);
  CHECK(r.num == 1);
  CHECK(r.den == 1);
  // 3/2^62 - 1/2^62 = 2/2^62 = 1/2^61.
  REQUIRE(prv_ratio_sub(3, p62, 1, p62, &r) == PRV_OK);
  CHECK(r.num == 1);
  CHECK(r.den == p62 / 2);
  // 6/35 × 14/9 = 4/15 (cross-cancelled), and 12/200 ÷ 1 = 3/50.
  REQUIRE(prv_ratio_mul(6, 35, 14, 9, &r) == PRV_OK);
  CHECK(r.num == 4);
  CHECK(r.den == 15);
  REQUIRE(prv_ratio_div(12, 200, 1, 1, &r) == PRV_OK);
  CHECK(r.num == 3);
  CHECK(r.den == 50);
  // Odd × odd and even parts: 999999999989 (prime) × 2^20 over 999999999989 × 3.
  REQUIRE(prv_ratio_make(999999999989LL << 20, 999999999989LL * 3, &r) == PRV_OK);
  CHECK(r.num == int64_t{1} << 20);
  CHECK(r.den == 3);
  // A sum that stays above 64 bits after reducing is refused, never wrapped.
  CHECK(prv_ratio_add(p62, 3, p62, 5, &r) == PRV_OVERFLOW);
}

TEST_CASE("rounding half away from zero at the edges of 64 bits") {
  int64_t v = 0;
  const int64_t max = std::numeric_limits<int64_t>::max(), min = std::numeric_limits<int64_t>::min();
  REQUIRE(prv_ratio_round(max, 2, &v) == PRV_OK);  // 4611686018427387903.5 → …904
  CHECK(v == 4611686018427387904LL);
  REQUIRE(prv_ratio_round(min, 2, &v) == PRV_OK);  // exactly -2^62
  CHECK(v == -4611686018427387904LL);
  REQUIRE(prv_ratio_round(min + 1, 2, &v) == PRV_OK);  // -4611686018427387903.5 → …904
  CHECK(v == -4611686018427387904LL);
  REQUIRE(prv_ratio_round(min, 1, &v) == PRV_OK);
  CHECK(v == min);
  REQUIRE(prv_ratio_round(max, max, &v) == PRV_OK);
  CHECK(v == 1);
  REQUIRE(prv_ratio_round(max - 1, max, &v) == PRV_OK);  // just under 1: rounds up
  CHECK(v == 1);
  REQUIRE(prv_ratio_round(1, max, &v) == PRV_OK);  // just above 0
  CHECK(v == 0);
  REQUIRE(prv_ratio_round(7, -2, &v) == PRV_OK);  // -3.5 → -4
  CHECK(v == -4);
  // 1 yuan × 1/3 = 33.33… fen → 33; -0.05 yuan × 1/2 = -2.5 fen → -3.
  REQUIRE(prv_money_mul_ratio(100, 1, 3, &v) == PRV_OK);
  CHECK(v == 33);
  REQUIRE(prv_money_mul_ratio(-5, 1, 2, &v) == PRV_OK);
  CHECK(v == -3);
}
