// Fuzz target: a response body decoded into the generated call-log page, through the same
// zoom::json::decode<CallLogPage> that list_user_call_logs calls. Bad input must end in a
// zoom::DecodeError with a message; anything else escaping, or any crash or UB, is a bug. What
// decodes must survive encoding: decoding its encoding gives the same page again.
#include <zoom/json.hpp>
#include <zoom/phone/models.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using zoom::phone::CallLogPage;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  CallLogPage page;
  try {
    page = zoom::json::decode<CallLogPage>(body);
  } catch (const zoom::DecodeError& e) {
    if (std::string_view{e.what()}.empty()) {
      std::fputs("a DecodeError without a message\n", stderr);
      std::abort();
    }
    return 0;
  }
  // No try: encoding a decoded page, and decoding that, must not throw at all.
  const std::string encoded = zoom::json::encode(page);
  if (zoom::json::decode<CallLogPage>(encoded) != page) {
    std::fprintf(stderr, "the page changed on its way through encoding: %s\n", encoded.c_str());
    std::abort();
  }
  return 0;
}
