// A small JSON tree for case files: numbers keep their text (exactness),
// objects keep their order; parse errors give line and column.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "source/json_writer.h"

namespace provisio::driver {

struct Json {
  enum class Kind { Null, Bool, Number, String, Array, Object } kind = Kind::Null;
  bool boolean = false;
  std::string text;  // a number's spelling or a string's contents
  std::vector<Json> items;
  // An object's fields, in order: keys[i] names values[i]. (Two vectors: a
  // vector may hold the incomplete Json, a pair may not.)
  std::vector<std::string> keys;
  std::vector<Json> values;

  const Json* Find(const std::string& key) const;
  // Field by field: objects merge recursively, anything else in `over` replaces.
  static Json Merge(const Json& base, const Json& over);
  std::string Dump() const;
  void Write(source::JsonWriter& out) const;
};

// Parses `text`; on failure returns nullopt and sets `error` ("column C: …", or "line L, column C: …" past the first line; in bytes).
std::optional<Json> ParseJson(const std::string& text, std::string& error);

}  // namespace provisio::driver
