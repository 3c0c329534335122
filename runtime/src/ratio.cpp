// Exact ratios for rates and decimals: 128-bit intermediates, lowest terms,
// overflow reported, never wrapped.
#include <cstring>
#include <utility>

#include "provisio/runtime.h"
#include "wide.h"

namespace {
using provisio::runtime::i128;
using provisio::runtime::Abs;
using provisio::runtime::Fits;

using u128 = unsigned __int128;

// Stein's binary GCD on 64 bits: shifts and subtractions, no division.
uint64_t Gcd64(uint64_t a, uint64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) std::swap(a, b);
    b -= a;
  } while (b != 0);
  return a << shift;
}

// A 128-bit remainder is a library call and was the hot spot of rate
// arithmetic: Euclid's steps run on 128 bits only until both fit in 64.
// (Operands are sums or products of int64 values, never -2^127.)
i128 Gcd(i128 a, i128 b) {
  u128 x = static_cast<u128>(Abs(a)), y = static_cast<u128>(Abs(b));
  while ((x >> 64) != 0 || (y >> 64) != 0) {
    if (y == 0) return static_cast<i128>(x);
    u128 t = x % y;
    x = y;
    y = t;
  }
  return static_cast<i128>(Gcd64(static_cast<uint64_t>(x), static_cast<uint64_t>(y)));
}

int32_t Reduce(i128 num, i128 den, prv_ratio* out) {
  if (den == 1 && Fits(num)) {  // a whole number is in lowest terms already
    out->num = static_cast<int64_t>(num);
    out->den = 1;
    return PRV_OK;
  }
  if (den == 0) return PRV_DIV_ZERO;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  i128 g = Gcd(num, den);
  if (g > 1 && Fits(num) && Fits(den)) {  // 64-bit division where it suffices
    num = static_cast<int64_t>(num) / static_cast<int64_t>(g);
    den = static_cast<int64_t>(den) / static_cast<int64_t>(g);
  } else if (g > 1) {
    num /= g;
    den /= g;
  }
  if (!Fits(num) || !Fits(den)) return PRV_OVERFLOW;
  out->num = static_cast<int64_t>(num);
  out->den = static_cast<int64_t>(den);
  return PRV_OK;
}
}  // namespace

extern "C" {

int32_t prv_ratio_make(int64_t num, int64_t den, prv_ratio* out) { return Reduce(num, den, out); }

int32_t prv_ratio_add(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out) {
  return Reduce(i128(an) * bd + i128(bn) * ad, i128(ad) * bd, out);
}

int32_t prv_ratio_sub(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out) {
  return Reduce(i128(an) * bd - i128(bn) * ad, i128(ad) * bd, out);
}

int32_t prv_ratio_mul(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out) {
  // Cross-cancel first so that products of reduced ratios stay small.
  i128 g1 = Gcd(an, bd), g2 = Gcd(bn, ad);
  if (g1 == 0) g1 = 1;
  if (g2 == 0) g2 = 1;
  return Reduce((i128(an) / g1) * (i128(bn) / g2), (i128(ad) / g2) * (i128(bd) / g1), out);
}

int32_t prv_ratio_div(int64_t an, int64_t ad, int64_t bn, int64_t bd, prv_ratio* out) {
  if (bn == 0) return PRV_DIV_ZERO;
  return prv_ratio_mul(an, ad, bd, bn, out);
}

int32_t prv_ratio_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd) {
  i128 l = i128(an) * bd, r = i128(bn) * ad;
  return l < r ? -1 : l > r ? 1 : 0;
}

int32_t prv_ratio_round(int64_t num, int64_t den, int64_t* out) {
  if (den == 0) return PRV_DIV_ZERO;
  i128 n = num, d = den;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  i128 q = provisio::runtime::DivRoundHalfAway(n, d);
  if (!Fits(q)) return PRV_OVERFLOW;
  *out = static_cast<int64_t>(q);
  return PRV_OK;
}

int32_t prv_ratio_parse(const char* text, int64_t len, int32_t percent, prv_ratio* out) {
  int64_t i = 0;
  bool negative = false;
  if (i < len && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  i128 num = 0, den = 1;
  int digits = 0, fraction = 0;
  bool point = false;
  for (; i < len; ++i) {
    char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return PRV_SYNTAX;
    num = num * 10 + (c - '0');
    ++digits;
    if (point) {
      den *= 10;
      ++fraction;
    }
    if (fraction > 18) return PRV_PRECISION;
    if (digits > 36) return PRV_OVERFLOW;
  }
  if (digits == 0 || (point && fraction == 0)) return PRV_SYNTAX;
  if (percent) den *= 100;
  return Reduce(negative ? -num : num, den, out);
}

int32_t prv_ratio_format(int64_t num, int64_t den, char* buf) {
  char* out = buf;
  i128 n = num, d = den;
  if (n < 0) {
    *out++ = '-';
    n = -n;
  }
  i128 rest = n % d;
  out = provisio::runtime::WriteDigits(n / d, out);
  // Exact when den = 2^a 5^b (at most 18 decimals then); else 15 decimals.
  i128 dd = d;
  while (dd % 2 == 0) dd /= 2;
  while (dd % 5 == 0) dd /= 5;
  int limit = dd == 1 ? 18 : 15;
  if (rest != 0) {
    char* point = out;
    *out++ = '.';
    for (int k = 0; k < limit && rest != 0; ++k) {
      rest *= 10;
      *out++ = static_cast<char>('0' + static_cast<int>(rest / d));
      rest %= d;
    }
    while (out[-1] == '0') --out;  // trailing zeros of a 15-digit cut
    if (out == point + 1) out = point;
  }
  return static_cast<int32_t>(out - buf);
}

}  // extern "C"
