// Emitter: builds diagnostics from registry kinds and hands them to a consumer.
#pragma once
#include <fmt/format.h>

#include "diag/diagnostic.h"

namespace provisio::diag {

class Emitter;

// Collects notes and a hint; hands the diagnostic over when it goes out of scope.
class Builder {
 public:
  Builder(Emitter* emitter, Diagnostic d) : emitter_(emitter), d_(std::move(d)) {}
  Builder(const Builder&) = delete;
  ~Builder();
  Builder& Note(source::Span span, std::string message) {
    d_.notes.push_back({span, std::move(message)});
    return *this;
  }
  Builder& Hint(std::string hint) {
    d_.hint = std::move(hint);
    return *this;
  }
  // Replace the text of `span` with `replacement` (nothing when it is empty).
  Builder& Fix(source::Span span, std::string replacement) {
    if (!replacement.empty()) d_.fix = diag::Fix{span, std::move(replacement)};
    return *this;
  }

 private:
  Emitter* emitter_;
  Diagnostic d_;
};

class Emitter {
 public:
  explicit Emitter(Consumer& consumer) : consumer_(&consumer) {}

  template <typename... Args>
  Builder Emit(source::Span span, Kind kind, const Args&... args) {
    const KindInfo& info = Info(kind);
    if (info.level == Level::Error) ++errors_;
    std::string message = fmt::format(fmt::runtime(info.format), args...);
    return Builder(this, Diagnostic{kind, info.level, span, std::move(message), {}, {}, {}});
  }
  int errors() const { return errors_; }
  void Deliver(Diagnostic d) { consumer_->Consume(std::move(d)); }

 private:
  Consumer* consumer_;
  int errors_ = 0;
};

inline Builder::~Builder() { emitter_->Deliver(std::move(d_)); }

}  // namespace provisio::diag
