// SIGINT and SIGTERM during a batch: noted, so that the batch stops at a
// record boundary and says so, instead of dying mid-line.
#pragma once

namespace provisio::driver {

// Installs the handlers (without SA_RESTART, so a blocked read returns).
void CatchInterrupts();
// The signal that arrived, or 0.
int Interrupted();

}  // namespace provisio::driver
