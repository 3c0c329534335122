#include "driver/interrupt.h"

#include <csignal>

namespace provisio::driver {

namespace {
volatile std::sig_atomic_t caught = 0;
void Note(int signal) { caught = signal; }
}  // namespace

void CatchInterrupts() {
  struct sigaction action {};
  action.sa_handler = Note;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int Interrupted() { return caught; }

}  // namespace provisio::driver
