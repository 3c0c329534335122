// A diagnostic: a registry kind, a level, a place, the message and notes.
// Producing (Emitter) and printing (consumers) are separate modules.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "source/source_file.h"

namespace provisio::diag {

enum class Level { Error, Warning, Note };

enum class Kind {
#define DIAG(id, level, format) id,
#include "diag/kinds.def"
#undef DIAG
};

struct KindInfo {
  const char* id;
  Level level;
  const char* format;
};
const KindInfo& Info(Kind kind);
const std::vector<KindInfo>& AllKinds();

struct Note {
  source::Span span;
  std::string message;
};

// A fix-it: the spanned text replaced (a did-you-mean), for editors.
struct Fix {
  source::Span span;
  std::string replacement;
};

struct Diagnostic {
  Kind kind;
  Level level;
  source::Span span;
  std::string message;
  std::vector<Note> notes;
  std::string hint;  // one fix-it hint in words, where one is obvious
  std::optional<Fix> fix;
};

class Consumer {
 public:
  virtual ~Consumer() = default;
  virtual void Consume(Diagnostic diagnostic) = 0;
  virtual void Flush() {}
};

}  // namespace provisio::diag
