// The performance reference's records as JSON Lines on stdout, for the
// benchmarks that run outside provisio-bench (bench/postgres.sh):
//   reference_data [N]   (N = 1,000,000 by default; seed 20240601)
#include <cstdio>
#include <cstdlib>

#include "reference_data.h"

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  for (const auto& a : Generate(n, 20240601)) {
    std::string line = ReferenceJson(a) + "\n";
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) return 1;
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
