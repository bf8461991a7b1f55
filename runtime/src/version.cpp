#include <zoom/version.hpp>

namespace zoom {

// ZOOM_SDK_VERSION comes from project(VERSION) in the top-level CMakeLists.txt.
std::string_view version() noexcept { return ZOOM_SDK_VERSION; }

}  // namespace zoom
