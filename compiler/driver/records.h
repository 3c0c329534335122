// The facts input as a stream of records, whatever its name or source
// (file, pipe, stdin): each line holds one JSON object (JSON Lines), and
// an object pretty-printed over several lines, from a line holding only
// `{` to its closing brace, is one record too. Blank lines hold none.
// Memory stays bounded: a record longer than kMaxRecord is reported, not kept.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

namespace provisio::driver {

struct FactsRecord {
  std::string text;
  size_t line = 0;        // the line it starts on, from 1
  bool too_long = false;  // longer than kMaxRecord: `text` is empty
};

// Where a record appended to a buffer lies in it (see RecordReader::Append).
struct RecordSpan {
  size_t offset = 0, length = 0;
  size_t line = 0;        // the line it starts on, from 1
  bool too_long = false;  // longer than kMaxRecord: `length` is 0
};

// The error of a record too long to keep.
std::string TooLongError();

class RecordReader {
 public:
  static constexpr size_t kMaxRecord = size_t{16} << 20;
  explicit RecordReader(int fd) : fd_(fd) {}

  enum class Status { Record, End, Interrupted, ReadFailed };
  Status Next(FactsRecord& record);
  // The next record's bytes appended to `out` (a batch's buffer of many
  // records, reused chunk after chunk), `span` saying where.
  Status Append(std::string& out, RecordSpan& span);
  // Why the input could not be read (Status::ReadFailed).
  const std::string& error() const { return error_; }
  size_t lines() const { return line_; }

 private:
  // One line without its '\n' appended to `out`; `too_long` (and nothing
  // appended) when it is longer than kMaxRecord.
  Status ReadLine(std::string& out, bool& too_long);
  Status Fill();

  int fd_;
  // Read, not yet split: [begin_, end_) of a buffer never zero-filled.
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0, begin_ = 0, end_ = 0;
  bool eof_ = false;
  size_t line_ = 0;
  std::string error_;
};

// The facts input as a descriptor: the file at `path`, or stdin for "-";
// -1 with `error` set when it cannot be read (or is a folder).
int OpenFacts(const std::string& path, std::string& error);

}  // namespace provisio::driver
