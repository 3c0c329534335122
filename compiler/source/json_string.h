// Text as a JSON string literal: the one escaper for every JSON the project
// writes (outputs, error objects, diagnostics, schemas). Ill-formed UTF-8
// becomes U+FFFD, so what is written is always valid JSON.
#pragma once
#include <string>
#include <string_view>

namespace provisio::source {

std::string JsonString(std::string_view text);

}  // namespace provisio::source
