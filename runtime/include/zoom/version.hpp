// The SDK's version: the one in the top-level CMakeLists.txt (`project(zoom_sdk VERSION ...)`),
// which also names the installed CMake package (`find_package(zoom_sdk 0.1 CONFIG)`).
#pragma once

#include <string_view>

namespace zoom {

/// The version of the zoom runtime library linked into the program, as `major.minor.patch`
/// (e.g. `0.1.0`). Never throws; safe to call from any thread.
std::string_view version() noexcept;

}  // namespace zoom
