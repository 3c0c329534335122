#include "driver/batch.h"

namespace provisio::driver {

Batch::Batch(unsigned jobs, const std::function<std::unique_ptr<eval::Evaluator>()>& make, Writer& out)
    : ring_(jobs > 1 ? 4 * jobs : 1), out_(out) {
  if (jobs <= 1) evaluator_ = make();
  else
    for (unsigned j = 0; j < jobs; ++j) workers_.emplace_back(&Batch::Work, this, make);
}

Batch::~Batch() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_.notify_all();
  for (auto& w : workers_) w.join();
}

bool Batch::Add(const FactsRecord& record) {
  Chunk& chunk = ring_[filled_ % ring_.size()];
  chunk.spans.push_back({chunk.text.size(), record.text.size(), record.line, record.too_long});
  chunk.text += record.text;
  return Added();
}

bool Batch::Read(RecordReader& reader, RecordReader::Status& status) {
  Chunk& chunk = ring_[filled_ % ring_.size()];
  RecordSpan span;
  size_t size = chunk.text.size();
  status = reader.Append(chunk.text, span);
  if (status != RecordReader::Status::Record) {
    chunk.text.resize(size);  // a record cut by an interruption or a failed read is not evaluated
    return true;
  }
  chunk.spans.push_back(span);
  return Added();
}

bool Batch::Added() {
  const Chunk& chunk = ring_[filled_ % ring_.size()];
  return (chunk.spans.size() < kChunkRecords && chunk.text.size() < kChunkBytes) || Submit();
}

bool Batch::Submit() {
  if (workers_.empty()) {  // one job: evaluated here, written at once
    Chunk& chunk = ring_[0];
    Evaluate(*evaluator_, outcome_, chunk);
    ++filled_;
    return WriteOldest();
  }
  {
    std::lock_guard lock(mutex_);
    ++filled_;
  }
  work_.notify_one();
  // The next chunk's slot must be written out before it is filled again.
  return filled_ - written_ < ring_.size() || WriteOldest();
}

bool Batch::WriteOldest() {
  Chunk& chunk = ring_[written_ % ring_.size()];
  if (!workers_.empty()) {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return chunk.done; });
  }
  bool ok = out_.Write(chunk.rendered);
  if (ok) written_records_ += chunk.spans.size();
  chunk.done = false;
  chunk.text.clear();
  chunk.spans.clear();
  ++written_;
  return ok;
}

bool Batch::Finish() {
  if (!ring_[filled_ % ring_.size()].spans.empty() && !Submit()) return false;
  while (written_ < filled_)
    if (!WriteOldest()) return false;
  return true;
}

void Batch::Work(const std::function<std::unique_ptr<eval::Evaluator>()>& make) {
  std::unique_ptr<eval::Evaluator> evaluator = make();
  eval::Outcome outcome;  // refilled record after record
  while (true) {
    size_t seq;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return stop_ || taken_ < filled_; });
      if (taken_ == filled_) return;  // stopped, nothing left
      seq = taken_++;
    }
    Chunk& chunk = ring_[seq % ring_.size()];
    Evaluate(*evaluator, outcome, chunk);
    {
      std::lock_guard lock(mutex_);
      chunk.done = true;
    }
    done_.notify_all();
  }
}

void Batch::Evaluate(eval::Evaluator& evaluator, eval::Outcome& o, Chunk& chunk) {
  std::string& out = chunk.rendered;
  out.clear();
  for (const RecordSpan& r : chunk.spans) {
    if (r.too_long) {
      o = eval::Outcome{};
      o.error = TooLongError();
    } else {
      evaluator.Evaluate(std::string_view(chunk.text).substr(r.offset, r.length), o);
    }
    if (o.ok) {
      out += o.json;
    } else {
      bad_ = true;
      out += o.Json(r.line);
    }
    out += '\n';
  }
}

}  // namespace provisio::driver
