// Money in integer fen: exact parsing, half-up multiplication by ratios, formatting.

#include "provisio/runtime.h"
#include "wide.h"

using provisio::runtime::i128;

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
  i128 v = fen;
  char* out = buf;
  if (v < 0) {
    *out++ = '-';
    v = -v;
  }
  out = provisio::runtime::WriteDigits(v / 100, out);
  int cents = static_cast<int>(v % 100);
  *out++ = '.';
  *out++ = static_cast<char>('0' + cents / 10);
  *out++ = static_cast<char>('0' + cents % 10);
  return static_cast<int32_t>(out - buf);
}

}  // extern "C"
