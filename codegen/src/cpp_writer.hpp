// Stage 3 of 3: the model as C++ files — models header, one header and one source per
// operation group, a source of the models' JSON tables (src/models.cpp), and a CMake list of
// them. Pure: the same model gives the same bytes.
#pragma once

#include "model.hpp"

#include <map>
#include <string>

namespace zoom::codegen {

struct CppOptions {
  std::string cpp_namespace = "zoom::phone";  // also the include folder: zoom/phone/
};

/// File contents by path relative to the output folder, e.g. "include/zoom/phone/models.hpp".
using GeneratedFiles = std::map<std::string, std::string>;

/// Writes the C++ API for `model`. Throws std::runtime_error for a namespace that is not a
/// valid C++ namespace name, or a model the C++ cannot express (a recursive type).
GeneratedFiles write_cpp(const Model& model, const CppOptions& options);

/// The name of the CMake list every output folder holds (`sources.cmake`).
inline constexpr const char* kSourcesList = "sources.cmake";

}  // namespace zoom::codegen
