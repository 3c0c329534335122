// 128-bit helpers shared by the exact-arithmetic primitives.
#pragma once
#include <cstdint>
#include <limits>

namespace provisio::runtime {

using i128 = __int128;

inline i128 Abs(i128 v) { return v < 0 ? -v : v; }

inline bool Fits(i128 v) {
  return v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max();
}

// n / d (d > 0) rounded half away from zero. On 64 bits when both fit:
// a 128-bit division is a library call.
inline i128 DivRoundHalfAway(i128 n, i128 d) {
  if (Fits(n) && Fits(d)) {
    int64_t a = static_cast<int64_t>(n), b = static_cast<int64_t>(d);
    int64_t q = a / b, r = a % b;
    uint64_t magnitude = r < 0 ? 0 - static_cast<uint64_t>(r) : static_cast<uint64_t>(r);
    if (2 * magnitude >= static_cast<uint64_t>(b)) q += a < 0 ? -1 : 1;  // b ≥ 2 here: q stays in range
    return q;
  }
  i128 q = n / d, r = n % d;
  if (Abs(r) * 2 >= d) q += n < 0 ? -1 : 1;
  return q;
}

// Writes the decimal digits of v ≥ 0 at `out` and returns the end: the
// runtime writes into the caller's buffer, allocating nothing (a C
// embedder links it without the C++ library).
inline char* WriteDigits(i128 v, char* out) {
  char digits[40];
  int n = 0;
  while (v > static_cast<i128>(UINT64_MAX)) {  // 128-bit division is a library call: only for the top digits
    digits[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  uint64_t u = static_cast<uint64_t>(v);
  do {
    digits[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  while (n > 0) *out++ = digits[--n];
  return out;
}

}  // namespace provisio::runtime
