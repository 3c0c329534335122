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
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  size_t old = buffer_.size();
  buffer_.resize(old + kBlock);
  while (true) {
    ssize_t n = ::read(fd_, buffer_.data() + old, kBlock);
    if (n >= 0) {
      buffer_.resize(old + static_cast<size_t>(n));
      eof_ = n == 0;
      return Status::Record;
    }
    if (errno == EINTR) {
      if (Interrupted()) {
        buffer_.resize(old);
        return Status::Interrupted;
      }
      continue;
    }
    buffer_.resize(old);
    error_ = fmt::format("cannot read the facts after line {}: {}", line_, std::strerror(errno));
    return Status::ReadFailed;
  }
}

RecordReader::Status RecordReader::ReadLine(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  while (true) {
    size_t newline = buffer_.find('\n', begin_);
    size_t end = newline == std::string::npos ? buffer_.size() : newline;
    if (!too_long) {
      line.append(buffer_, begin_, end - begin_);
      if (line.size() > kMaxRecord) {
        too_long = true;
        line.clear();
        line.shrink_to_fit();
      }
    }
    if (newline != std::string::npos) {
      begin_ = newline + 1;
      ++line_;
      return Status::Record;
    }
    begin_ = buffer_.size();
    if (eof_) {
      if (line.empty() && !too_long) return Status::End;
      ++line_;  // a last line without '\n'
      return Status::Record;
    }
    if (Status s = Fill(); s != Status::Record) return s;
  }
}

RecordReader::Status RecordReader::Next(FactsRecord& record) {
  record.text.clear();  // its storage is kept for the next record
  record.line = 0;
  record.too_long = false;
  bool too_long = false;
  do {
    if (Status s = ReadLine(record.text, too_long); s != Status::Record) return s;
  } while (!too_long && Trim(record.text).empty());
  record.line = line_;
  record.too_long = too_long;
  if (too_long || Trim(record.text) != "{") return Status::Record;
  // A pretty-printed object: its lines up to the one that closes it.
  Depth depth;
  depth.Scan(record.text);
  std::string line;
  while (depth.depth > 0) {
    Status s = ReadLine(line, too_long);
    if (s == Status::End) break;  // the record ends inside the object: its decoding says so
    if (s != Status::Record) return s;
    if (!too_long) depth.Scan(line);
    if (too_long || record.text.size() + line.size() + 1 > kMaxRecord) {
      record.too_long = true;
      record.text.clear();
      record.text.shrink_to_fit();
    }
    if (!record.too_long) {
      record.text += '\n';
      record.text += line;
    }
    if (too_long) break;  // depth unknown past a cut line
  }
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
