#include <zoom/response.hpp>

#include <strings.h>

namespace zoom {

std::string_view Response::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  return {};
}

}  // namespace zoom
