// The generator as a library call and as a command line: spec file in, C++ files out.
#pragma once

#include "cpp_writer.hpp"

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace zoom::codegen {

/// Loads `spec`, builds its model and writes it as C++. Throws SpecError (bad spec) or
/// std::runtime_error (unreadable file, unusable namespace).
GeneratedFiles generate(const std::filesystem::path& spec, const CppOptions& options);

/// `zoom-codegen ARGS...`: returns the exit code (0 done, 1 bad spec or stale output, 2 bad
/// usage). Problems go to `err` as one line each; the summary goes to `out`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace zoom::codegen
