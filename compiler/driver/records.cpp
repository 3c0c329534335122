#include "driver/records.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "driver/interrupt.h"

namespace provisio::driver {

namespace {
std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Bracket depth across the lines of a pretty-printed object, strings skipped.
struct Depth {
  int depth = 0;
  bool in_string = false, escape = false;
  void Scan(std::string_view line) {
    for (char c : line) {
      if (in_string) {
        if (escape) escape = false;
        else if (c == '\\') escape = true;
        else if (c == '"') in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
  }
};
}  // namespace

RecordReader::Status RecordReader::Fill() {
  constexpr size_t kBlock = 1 << 20;
  if (begin_ > 0) {  // the unsplit tail moves to the front
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (capacity_ - end_ < kBlock) {
    capacity_ = std::max(2 * capacity_, end_ + kBlock);
    auto grown = std::make_unique_for_overwrite<char[]>(capacity_);
    if (end_ > 0) std::memcpy(grown.get(), buffer_.get(), end_);  // (memcpy from null is undefined, even of 0 bytes)
    buffer_ = std::move(grown);
  }
  while (true) {
    ssize_t n = ::read(fd_, buffer_.get() + end_, kBlock);
    if (n >= 0) {
      end_ += static_cast<size_t>(n);
      eof_ = n == 0;
      return Status::Record;
    }
    if (errno == EINTR) {
      if (Interrupted()) return Status::Interrupted;
      continue;
    }
    error_ = fmt::format("cannot read the facts after line {}: {}", line_, std::strerror(errno));
    return Status::ReadFailed;
  }
}

RecordReader::Status RecordReader::ReadLine(std::string& out, bool& too_long) {
  size_t from = out.size();
  too_long = false;
  while (true) {
    const char* start = buffer_.get() + begin_;
    const auto* newline = begin_ < end_ ? static_cast<const char*>(std::memchr(start, '\n', end_ - begin_)) : nullptr;
    size_t n = newline != nullptr ? static_cast<size_t>(newline - start) : end_ - begin_;
    if (!too_long) {
      out.append(start, n);
      if (out.size() - from > kMaxRecord) {
        too_long = true;
        out.resize(from);
      }
    }
    if (newline != nullptr) {
      begin_ += n + 1;
      ++line_;
      return Status::Record;
    }
    begin_ = end_;
    if (eof_) {
      if (out.size() == from && !too_long) return Status::End;
      ++line_;  // a last line without '\n'
      return Status::Record;
    }
    if (Status s = Fill(); s != Status::Record) return s;
  }
}

RecordReader::Status RecordReader::Next(FactsRecord& record) {
  record.text.clear();  // its storage is kept for the next record
  RecordSpan span;
  Status s = Append(record.text, span);
  record.line = span.line;
  record.too_long = span.too_long;
  if (span.too_long) record.text.shrink_to_fit();
  return s;
}

RecordReader::Status RecordReader::Append(std::string& out, RecordSpan& span) {
  size_t from = out.size();
  span = RecordSpan{from, 0, 0, false};
  auto text = [&] { return std::string_view(out).substr(from); };
  bool too_long = false;
  do {
    out.resize(from);  // a blank line holds no record
    if (Status s = ReadLine(out, too_long); s != Status::Record) return s;
  } while (!too_long && Trim(text()).empty());
  span.line = line_;
  span.too_long = too_long;
  if (!too_long && Trim(text()) == "{") {
    // A pretty-printed object: its lines up to the one that closes it. Past
    // kMaxRecord they are still read (to find the end) but not kept.
    Depth depth;
    depth.Scan(text());
    while (depth.depth > 0) {
      size_t at = out.size();
      if (!span.too_long) out += '\n';
      Status s = ReadLine(out, too_long);
      if (s == Status::End) {  // the record ends inside the object: its decoding says so
        out.resize(at);
        break;
      }
      if (s != Status::Record) return s;
      if (!too_long) depth.Scan(std::string_view(out).substr(span.too_long ? at : at + 1));
      if (too_long || out.size() - from > kMaxRecord) span.too_long = true;
      if (span.too_long) out.resize(from);
      if (too_long) break;  // depth unknown past a cut line
    }
  }
  span.length = out.size() - from;
  return Status::Record;
}

std::string TooLongError() {
  return fmt::format("malformed facts: the record is longer than {} MiB", RecordReader::kMaxRecord >> 20);
}

int OpenFacts(const std::string& path, std::string& error) {
  if (path == "-") return STDIN_FILENO;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = fmt::format("cannot read facts file `{}`: {}", path, std::strerror(errno));
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    error = fmt::format("facts file `{}` is a folder", path);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace provisio::driver
