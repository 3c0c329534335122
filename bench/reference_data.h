// The performance reference's records (稳岗返还, bench/reference/wengang.prv):
// the generator's mulberry32 bit for bit, and each record as the JSON facts
// `provisio eval` reads. Shared by the benchmark and by reference_data (the
// same records as JSON Lines, for benchmarks outside this executable).
#pragma once
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

struct Applicant {
  int64_t premium_fen;
  int32_t headcount, layoffs;
  uint8_t large, dishonest, env;
};

// The reference generator's mulberry32, bit for bit (its JavaScript wraps to 32 bits).
class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : a_(seed) {}
  double Next() {
    a_ += 0x6D2B79F5u;
    uint32_t t = (a_ ^ (a_ >> 15)) * (1u | a_);
    t = (t + (t ^ (t >> 7)) * (61u | t)) ^ t;
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }
  int64_t Int(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(std::floor(Next() * static_cast<double>(hi - lo + 1))); }

 private:
  uint32_t a_;
};

// JavaScript's Math.round: to the nearest, halves up.
inline double JsRound(double x) {
  double r = std::floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

inline std::vector<Applicant> Generate(size_t n, uint32_t seed) {
  Mulberry32 rnd(seed);
  std::vector<Applicant> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    double s = rnd.Next();
    bool large = s < 0.2;
    int64_t h, l;
    double b = rnd.Next();
    if (b < 0.04) {
      int64_t k = rnd.Int(1, 50);
      h = 200 * k, l = 11 * k;
    } else if (b < 0.07) {
      int64_t k = rnd.Int(1, 6);
      h = 5 * k, l = k;
    } else if (b < 0.08) {
      int64_t k = rnd.Int(7, 12);
      h = 5 * k, l = k;
    } else {
      double r = rnd.Next();
      h = r < 0.4 ? rnd.Int(1, 30) : r < 0.8 ? rnd.Int(31, 500) : rnd.Int(501, 20000);
      l = rnd.Next() < 0.3 ? 0 : static_cast<int64_t>(JsRound(rnd.Next() * 0.3 * static_cast<double>(h)));
    }
    int64_t per_head = rnd.Int(20000, 200000);
    int64_t p = h * per_head + rnd.Int(0, 99);
    bool d = rnd.Next() < 0.03, e = rnd.Next() < 0.02;
    out.push_back({p, static_cast<int32_t>(h), static_cast<int32_t>(l), large, d, e});
  }
  return out;
}


inline std::string ReferenceJson(const Applicant& a) {
  return fmt::format(
      R"({{"application":{{"date":"2023-06-01"}},"enterprise":{{"size":"{}","avg_monthly_insured_prior_year":{},)"
      R"("layoffs_prior_year":{},"ui_premium_paid_prior_year":{}.{:02},"seriously_dishonest":{},"env_noncompliant":{}}}}})",
      a.large ? "large" : "small", a.headcount, a.layoffs, a.premium_fen / 100, a.premium_fen % 100,
      a.dishonest ? "true" : "false", a.env ? "true" : "false");
}
