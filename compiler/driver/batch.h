// A batch of facts records evaluated in chunks small enough to stay in
// cache, by a pool of workers that live as long as the batch, and written
// in input order: the reading thread fills chunk k+1 while workers evaluate
// chunk k, and a chunk's output is written as soon as every chunk before it is.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "driver/records.h"
#include "driver/writer.h"
#include "eval/evaluator.h"

namespace provisio::driver {

class Batch {
 public:
  // `jobs` evaluators from `make`; with one job, the reading thread evaluates.
  Batch(unsigned jobs, const std::function<std::unique_ptr<eval::Evaluator>()>& make, Writer& out);
  ~Batch();
  // A record read already. False when the output could not be written.
  bool Add(const FactsRecord& record);
  // The next record of `reader`, read straight into the chunk being filled
  // (its buffer reused chunk after chunk); `status` is the reader's. False
  // when the output could not be written.
  bool Read(RecordReader& reader, RecordReader::Status& status);
  // Evaluates and writes every record added; false when the output could not be written.
  bool Finish();
  bool bad() const { return bad_; }        // some record gave an error line
  size_t written() const { return written_records_; }  // records whose line is written

 private:
  static constexpr size_t kChunkRecords = 1024, kChunkBytes = 4 << 20;
  struct alignas(64) Chunk {  // a cache line of its own: workers write their chunks side by side
    std::string text;               // the records' bytes, one after another
    std::vector<RecordSpan> spans;  // where each record lies in `text`
    std::string rendered;  // one line per record
    bool done = false;
  };

  bool Added();        // submits the chunk being filled once it is full
  bool Submit();       // hands the chunk being filled to the workers
  bool WriteOldest();  // waits for the oldest chunk in flight and writes it
  void Work(const std::function<std::unique_ptr<eval::Evaluator>()>& make);
  void Evaluate(eval::Evaluator& evaluator, eval::Outcome& outcome, Chunk& chunk);

  // With one job, the reading thread's; a worker makes its own, so that what
  // it writes per record lies in its own memory, not beside another's.
  std::unique_ptr<eval::Evaluator> evaluator_;
  eval::Outcome outcome_;
  std::vector<Chunk> ring_;
  // Chunks by sequence number: [written_, filled_) are in flight, [taken_, filled_) wait for a worker.
  size_t filled_ = 0, taken_ = 0, written_ = 0, written_records_ = 0;
  std::mutex mutex_;
  std::condition_variable work_, done_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
  std::atomic<bool> bad_{false};
  Writer& out_;
};

}  // namespace provisio::driver
