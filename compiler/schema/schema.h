// The facts schema a policy reads: declared in `.prv` files (facts in
// groups, enums with their words, records and lists of them, the default
// event), collected by sema, carried by the IR module, and read by the
// decoder, the code generator, `provisio build` and `provisio facts`.
// Plain data: nothing here knows any particular policy.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace provisio::schema {

enum class ValueType { Bool, Int, Decimal, Rate, Money, Date, Text, Enum };
const char* ValueTypeName(ValueType type);  // "bool", "int", …, "enum"

struct Enum {
  std::string name;  // the fact it types, "group.name"
  std::vector<std::string> words;
  std::vector<std::string> labels;  // one per word; may be empty
  source::Span span;
};

// A fact (`group.name`), or a field of a record (`name`).
struct Field {
  std::string name;
  ValueType type = ValueType::Bool;
  int32_t enum_id = -1;  // for Enum: index into Schema::enums
  bool optional = false;  // may be absent by nature
  // Bounds on a number: ints both ways; money, rates and decimals `>= 0` only.
  std::optional<int64_t> min, max;
  std::string description;
  source::Span span;
};

struct Record {
  std::string name;  // the element's name in a query: `record.field`
  std::string description;
  std::vector<Field> fields;
  source::Span span;
  int32_t FindField(std::string_view name) const;
};

// A list of records given in the facts as a JSON array of objects.
struct List {
  std::string name;
  int32_t record = -1;  // index into Schema::records
  std::string description;
  source::Span span;
};

struct Schema {
  std::vector<Enum> enums;
  std::vector<Field> facts;
  std::vector<Record> records;
  std::vector<List> lists;
  int32_t event = -1;  // the default event date: index into facts, or -1
  source::Span event_span;

  int32_t FindFact(std::string_view name) const;
  int32_t FindList(std::string_view name) const;
  int32_t FindRecord(std::string_view name) const;
};

}  // namespace provisio::schema
