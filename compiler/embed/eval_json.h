// The JSON entry of a built module: the facts `provisio eval` takes, the
// answer it writes, decoded and rendered by the same code (linked into the
// module from libprovisio_embed.a), the decision made by the module's own
// native function. `provisio build` generates one C wrapper per provision
// that passes its policy blob (policy_blob.h) and function here.
#pragma once
#include <cstdint>

#include "provisio/runtime.h"

extern "C" {
// Returns PRV_ELIGIBLE, PRV_INELIGIBLE or PRV_ERROR (the answer is then
// {"error":…,"fact":…}). Writes at most `capacity` bytes of the answer,
// NUL included, as snprintf does, and its whole length to `answer_length`.
int32_t prv_embedded_eval_json(const unsigned char* blob, int64_t blob_size, int32_t provision,
                               int32_t (*fn)(const prv_record*, prv_result*), const char* facts, int64_t facts_length,
                               char* answer, int64_t capacity, int64_t* answer_length);
}
