// Money in fen: half-up rounding at the half fen, exact parsing, overflow.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "provisio/runtime.h"

namespace {
int64_t Mul(int64_t fen, int64_t num, int64_t den) {
  int64_t out = -999;
  REQUIRE(prv_money_mul_ratio(fen, num, den, &out) == PRV_OK);
  return out;
}
std::string Format(int64_t fen) {
  char buf[32];
  return std::string(buf, prv_money_format(fen, buf));
}
}  // namespace

TEST_CASE("money × ratio rounds once, half away from zero, to the fen") {
  CHECK(Mul(1, 1, 2) == 1);     // 0.5 fen → 1 fen
  CHECK(Mul(3, 1, 2) == 2);     // 1.5 fen → 2 fen
  CHECK(Mul(-1, 1, 2) == -1);   // -0.5 fen → -1 fen
  CHECK(Mul(1, 49, 100) == 0);  // 0.49 fen → 0
  CHECK(Mul(2, 1, 3) == 1);     // 0.667 fen → 1
  // 1234.56 yuan × 60% = 740.736 yuan → 740.74
  CHECK(Mul(123456, 3, 5) == 74074);
  // 1500.00 × 110% × 2 partners is exact: 3300.00
  CHECK(Mul(300000, 11, 10) == 330000);
}

TEST_CASE("money × ratio that leaves int64 is an overflow, never a wrapped number") {
  int64_t out = 0;
  CHECK(prv_money_mul_ratio(std::numeric_limits<int64_t>::max(), 2, 1, &out) == PRV_OVERFLOW);
  CHECK(prv_money_mul_ratio(std::numeric_limits<int64_t>::max(), 1, 1, &out) == PRV_OK);
  CHECK(prv_money_mul_ratio(5, 1, 0, &out) == PRV_DIV_ZERO);
}

TEST_CASE("money parses exactly from yuan text") {
  int64_t fen = 0;
  CHECK(prv_money_parse("12345.67", 8, &fen) == PRV_OK);
  CHECK(fen == 1234567);
  CHECK(prv_money_parse("0.5", 3, &fen) == PRV_OK);
  CHECK(fen == 50);
  CHECK(prv_money_parse("1500", 4, &fen) == PRV_OK);
  CHECK(fen == 150000);
  CHECK(prv_money_parse("1.234", 5, &fen) == PRV_PRECISION);
  CHECK(prv_money_parse("1.230", 5, &fen) == PRV_OK);  // trailing zero is still two decimals of value
  CHECK(fen == 123);
  CHECK(prv_money_parse("abc", 3, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse("1e3", 3, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse("92233720368547758.07", 20, &fen) == PRV_OK);
  CHECK(prv_money_parse("92233720368547758.08", 20, &fen) == PRV_OVERFLOW);
}

// The plain form is read straight to fen; every other form takes the general path.
TEST_CASE("money's plain and general forms agree at their border") {
  int64_t fen = 0;
  CHECK(prv_money_parse("-12345.6", 8, &fen) == PRV_OK);
  CHECK(fen == -1234560);
  CHECK(prv_money_parse("9999999999999999.99", 19, &fen) == PRV_OK);  // 16 digits: the plain form's widest
  CHECK(fen == 999999999999999999);
  CHECK(prv_money_parse("10000000000000000.01", 20, &fen) == PRV_OK);  // 17 digits: the general path
  CHECK(fen == 1000000000000000001);
  CHECK(prv_money_parse("+7.05", 5, &fen) == PRV_OK);
  CHECK(fen == 705);
  CHECK(prv_money_parse("1.", 2, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse(".5", 2, &fen) == PRV_OK);  // the general path reads it
  CHECK(fen == 50);
  CHECK(prv_money_parse("-", 1, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse("", 0, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse("12.3x", 5, &fen) == PRV_SYNTAX);
  CHECK(prv_money_parse("123456789012345678901234567890", 30, &fen) == PRV_OVERFLOW);
  CHECK(prv_money_parse("1.0000000000000000000001", 24, &fen) == PRV_PRECISION);
}

TEST_CASE("money formats with exactly two decimals") {
  CHECK(Format(1234567) == "12345.67");
  CHECK(Format(5) == "0.05");
  CHECK(Format(0) == "0.00");
  CHECK(Format(-150) == "-1.50");
  CHECK(Format(std::numeric_limits<int64_t>::min()) == "-92233720368547758.08");
  CHECK(Format(std::numeric_limits<int64_t>::max()) == "92233720368547758.07");
  CHECK(Format(1000000000000000000) == "10000000000000000.00");
}
