// Fuzz target: a response body decoded into the generated call-log page, through the same
// zoom::json::decode<CallLogPage> that list_user_call_logs calls. Bad input must end in a
// zoom::DecodeError with a message; anything else escaping, or any crash or UB, is a bug. What
// decodes must survive encoding: its encoding decodes, to the same page when it holds no
// floating-point number (Boost.JSON 1.81 reads and writes those only to about the last bit).
#include <zoom/json.hpp>
#include <zoom/phone/models.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

namespace {

bool has_double(const boost::json::value& v) {
  if (v.is_double()) return true;
  if (const auto* array = v.if_array())
    for (const auto& element : *array)
      if (has_double(element)) return true;
  if (const auto* object = v.if_object())
    for (const auto& entry : *object)
      if (has_double(entry.value())) return true;
  return false;
}

}  // namespace

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
  const boost::json::value value = zoom::json::to_value(page);
  const std::string encoded = zoom::json::encode(value);
  const CallLogPage again = zoom::json::decode<CallLogPage>(encoded);
  if (!has_double(value) && again != page) {
    std::fprintf(stderr, "the page changed on its way through encoding: %s\n", encoded.c_str());
    std::abort();
  }
  return 0;
}
