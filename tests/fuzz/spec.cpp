// Fuzz target: the generator's three stages on arbitrary bytes. The bytes are loaded as a JSON
// spec and as a YAML spec; what loads is built into a model, and what builds is written as C++
// (in memory). A bad spec must end in a SpecError with a message; the C++ writer may also throw
// std::runtime_error, as documented, for a model C++ cannot express. Anything else escaping, or
// any crash or UB, is a bug. The test runs in an empty folder: `$ref`s to files find nothing.
#include "cpp_writer.hpp"
#include "model_builder.hpp"
#include "spec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace {

void require_message(const std::exception& e) {
  if (std::string_view{e.what()}.empty()) {
    std::fputs("an exception without a message\n", stderr);
    std::abort();
  }
}

void generate(const char* file, std::string_view text) {
  using namespace zoom::codegen;
  Model model;
  try {
    const Spec spec = parse_spec(file, text);
    model = build_model(spec);
  } catch (const SpecError& e) {
    require_message(e);
    return;
  }
  try {
    (void)write_cpp(model, CppOptions{});
  } catch (const std::runtime_error& e) {
    require_message(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  generate("fuzz.json", text);
  generate("fuzz.yaml", text);
  return 0;
}
