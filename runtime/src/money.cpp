// Money in integer fen: exact parsing, half-up multiplication by ratios, formatting.

#include "provisio/runtime.h"
#include "wide.h"

using provisio::runtime::i128;

namespace {
// The common form, "-12345.67" (at most 16 digits before the point, one or
// two after), straight to fen; anything else takes the exact general path.
bool PlainFen(const char* text, int64_t len, int64_t* out) {
  int64_t i = 0;
  bool negative = len > 0 && text[0] == '-';
  i += negative;
  int64_t whole = 0, digits = 0;
  for (; i < len && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (++digits > 16) return false;
    whole = whole * 10 + (text[i] - '0');
  }
  if (digits == 0) return false;
  int64_t cents = 0, decimals = 0;
  if (i < len && text[i] == '.') {
    for (++i; i < len && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++decimals > 2) return false;
      cents = cents * 10 + (text[i] - '0');
    }
    if (decimals == 0) return false;
  }
  if (i != len) return false;
  int64_t fen = whole * 100 + (decimals == 1 ? cents * 10 : cents);  // < 10^18: fits
  *out = negative ? -fen : fen;
  return true;
}
}  // namespace

extern "C" {

int32_t prv_money_mul_ratio(int64_t fen, int64_t num, int64_t den, int64_t* out) {
  if (den == 0) return PRV_DIV_ZERO;
  i128 n = i128(fen) * num, d = den;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  i128 q = provisio::runtime::DivRoundHalfAway(n, d);
  if (!provisio::runtime::Fits(q)) return PRV_OVERFLOW;
  *out = static_cast<int64_t>(q);
  return PRV_OK;
}


int32_t prv_money_parse(const char* text, int64_t len, int64_t* out) {
  if (PlainFen(text, len, out)) return PRV_OK;
  prv_ratio r;
  int32_t status = prv_ratio_parse(text, len, 0, &r);
  if (status != PRV_OK) return status;
  // At most two decimals: 100 × r must be whole.
  i128 fen = i128(r.num) * 100;
  if (fen % r.den != 0) return PRV_PRECISION;
  fen /= r.den;
  if (!provisio::runtime::Fits(fen)) return PRV_OVERFLOW;
  *out = static_cast<int64_t>(fen);
  return PRV_OK;
}

int32_t prv_money_format(int64_t fen, char* buf) {
  // The magnitude on 64 unsigned bits (INT64_MIN's too): no 128-bit division.
  uint64_t v = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  char* out = buf;
  if (fen < 0) *out++ = '-';
  out = provisio::runtime::WriteDigits(v / 100, out);
  int cents = static_cast<int>(v % 100);
  *out++ = '.';
  *out++ = static_cast<char>('0' + cents / 10);
  *out++ = static_cast<char>('0' + cents % 10);
  return static_cast<int32_t>(out - buf);
}

}  // extern "C"
