// One fact's JSON value read as its declared type: the rules both decoders
// (the general one and the one-pass fast path) apply, so that they accept
// and refuse exactly the same values. The general decoder turns a refusal
// into the message naming the fact; the fast path declines the record.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "facts/decoder.h"
#include "schema/schema.h"

namespace provisio::facts {

// A JSON value as a reader sees it: for a string, its decoded contents;
// for a number, its text as written.
struct JsonValue {
  enum class Kind : uint8_t { Null, False, True, Number, String, Container } kind;
  std::string_view text;
};

enum class Refusal : uint8_t {
  None,
  Kind,       // the wrong kind of value for the type
  Syntax,     // the right kind, not written as the type is
  Overflow,   // too large to hold exactly
  Precision,  // more decimals than a ratio holds
  Range,      // outside the declared bounds
  Negative,   // below a declared `>= 0`
};

// Reads `value` into two words and a presence byte (null is absence: the
// byte stays 0). Text is interned in `strings`.
Refusal ReadValue(const schema::Schema& schema, const schema::Field& field, JsonValue value, Interner& strings,
                  int64_t* out, uint8_t* present);

// What a refused value should have been: "a whole number from 1 to 5".
std::string Expected(const schema::Schema& schema, const schema::Field& field, Refusal refusal);

}  // namespace provisio::facts
