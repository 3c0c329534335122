// The facts dictionary (shared/spec/facts.md): every input fact a policy
// may read, with its type, range and enum words. The contract with data
// systems and golden cases; used by sema (names, types) and the decoder.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provisio::facts {

enum class FactType { Bool, Int, Decimal, Rate, Money, Date, Text, Enum };

struct Enum {
  std::string name;  // e.g. "enterprise.size"
  std::vector<std::string> words;
};

struct Fact {
  std::string name;  // "group.field"
  FactType type;
  int32_t enum_id = -1;
  bool optional = false;  // may be absent by nature
  std::optional<int64_t> min, max;  // for Int; numbers are ≥ 0 unless said
};

const std::vector<Fact>& Facts();
const std::vector<Enum>& Enums();
// Index into Facts(), or -1.
int32_t FindFact(std::string_view name);
const char* TypeName(FactType type);

}  // namespace provisio::facts
