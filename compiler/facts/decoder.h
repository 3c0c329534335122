// Facts decoding: one JSON object of facts (nested `{"group": {...}}` or
// flat `{"group.name": ...}`, lists as arrays of objects) → the typed
// record a compiled provision reads, as the schema declares it. Numbers are read from their JSON text, never through
// binary floating point. Every error names the fact.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/schema.h"
#include "provisio/runtime.h"

namespace provisio::facts {

// Interned text shared by a compiled module and the records fed to it:
// the module's strings stay, a record's are forgotten before the next one,
// so that memory does not grow with the distinct values of a batch.
class Interner {
 public:
  explicit Interner(std::vector<std::string> initial = {});
  int64_t Intern(std::string_view text);
  const std::string& Text(int64_t id) const { return texts_[id]; }
  void Forget();  // every text interned since construction

 private:
  size_t fixed_ = 0;  // the module's strings
  std::vector<std::string> texts_;
  std::unordered_map<std::string, int64_t> ids_;
};

// One fact slot the decoder fills: which schema fact, at which slot.
struct SlotSpec {
  int32_t slot;
  int32_t fact;  // index into the schema's facts
};

// A list's elements as the compiled code reads them (prv_list).
struct ListData {
  std::vector<int64_t> values;
  std::vector<uint8_t> present;
  int64_t count = 0;
  bool given = false;
};

struct FactError {
  std::string fact;     // the fact named: "group.name", or "list[1].field" in a list
  std::string message;  // the whole message, naming the fact
  bool unknown_key = false;  // a key the schema does not declare (strict decoding only)
};

// A value the decoder refused, kept so that only the provisions reading it fail.
struct Issue {
  int32_t slot = -1;  // the fact slot, or
  int32_t list = -1;  // the list
  FactError error;
};

struct Record {
  std::vector<int64_t> values;
  std::vector<uint8_t> present;
  std::vector<ListData> lists;      // one per schema list
  std::vector<prv_list> list_views;  // the same, for the ABI
  std::vector<Issue> issues;          // refused values, in document order
  std::optional<FactError> late;      // a fact given nested and flat (found after the fields)
  prv_record View() const {
    return {values.data(), present.data(), list_views.data(), static_cast<int64_t>(list_views.size())};
  }
};


// What one provision reads: its slots and lists. (Whether each is given and
// in range the compiled code checks itself, so that a built module checks
// the same.)
struct Need {
  std::vector<uint8_t> slots;  // per slot of the record: read
  std::vector<int32_t> lists;  // schema lists it queries
};

// Decodes a record once for every provision that reads it: the facts in
// `wanted` into records of `slot_count` slots, and the lists in `lists`.
// A refused value is kept as an issue of its slot or list; Check() gives a
// provision its own error (the first issue among what it reads, in document
// order), so that a bad value in a fact one provision reads does not fail
// another.
class Decoder {
 public:
  // `schema` must outlive the decoder. `strict`: a key the schema does not
  // declare (a misspelt fact or group) is an error with a did-you-mean;
  // otherwise such keys are ignored, as real exports carry extra columns.
  Decoder(const schema::Schema& schema, int32_t slot_count, std::vector<SlotSpec> wanted, std::vector<int32_t> lists,
          Interner& strings, bool strict = false);
  ~Decoder();
  // `json` need not be padded. Fills `record`, or returns the error that
  // fails the record for every provision (not JSON, not an object, a key
  // given twice, an unknown key when strict).
  std::optional<FactError> Decode(std::string_view json, Record& record);
  // The same by the general path alone, which Decode takes for any record
  // its one-pass path declines (see one_pass.h): tests compare the two.
  std::optional<FactError> DecodeGeneral(std::string_view json, Record& record);
  // The decoding error of the provision that reads `need`, or none.
  std::optional<FactError> Check(const Need& need, const Record& record) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace provisio::facts
