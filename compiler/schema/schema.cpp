#include "schema/schema.h"

namespace provisio::schema {

namespace {
template <typename T>
int32_t FindByName(const std::vector<T>& items, std::string_view name) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return static_cast<int32_t>(i);
  return -1;
}
}  // namespace

const char* ValueTypeName(ValueType type) {
  switch (type) {
    case ValueType::Bool: return "bool";
    case ValueType::Int: return "int";
    case ValueType::Decimal: return "decimal";
    case ValueType::Rate: return "rate";
    case ValueType::Money: return "money";
    case ValueType::Date: return "date";
    case ValueType::Text: return "text";
    case ValueType::Enum: return "enum";
  }
  return "?";
}

int32_t Record::FindField(std::string_view name) const { return FindByName(fields, name); }
int32_t Schema::FindFact(std::string_view name) const { return FindByName(facts, name); }
int32_t Schema::FindList(std::string_view name) const { return FindByName(lists, name); }
int32_t Schema::FindRecord(std::string_view name) const { return FindByName(records, name); }

}  // namespace provisio::schema
