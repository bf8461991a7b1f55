// Fuzz target: a response body decoded into the generated call-log page, through the same
// zoom::json::decode<CallLogPage> that list_user_call_logs calls (strict here), and through the
// oracle it must agree with (tests/runtime/json_oracle.hpp, a DOM walker). Bad input must end in
// a zoom::DecodeError with a message; anything else escaping, or any crash or UB, is a bug. The
// two must agree: both refuse, or both give the same page. The one allowed difference: a repeated
// key whose earlier value does not decode (the DOM keeps only the last value, the decoder reads
// both). Leniently, the decoder must give the same page with nothing reported where strict
// decoding succeeds, and otherwise a page or a DecodeError. What decodes must survive encoding:
// its encoding decodes, to the same page when it holds no floating-point number (Boost.JSON 1.81
// reads and writes those only to about the last bit).
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/phone/describe/call_logs.hpp>

#include "../runtime/json_oracle.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

// Call logs are deprecated by Zoom; this target decodes their pages on purpose.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace {

[[noreturn]] void bug(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "%s %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

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

// Counts the members of every object as written, repeated keys included.
struct MemberCounter {
  static constexpr std::size_t max_array_size = -1;
  static constexpr std::size_t max_object_size = -1;
  static constexpr std::size_t max_string_size = -1;
  static constexpr std::size_t max_key_size = -1;
  std::size_t members = 0;
  using ec = boost::system::error_code;
  bool on_document_begin(ec&) { return true; }
  bool on_document_end(ec&) { return true; }
  bool on_array_begin(ec&) { return true; }
  bool on_array_end(std::size_t, ec&) { return true; }
  bool on_object_begin(ec&) { return true; }
  bool on_object_end(std::size_t n, ec&) { members += n; return true; }
  bool on_string_part(std::string_view, std::size_t, ec&) { return true; }
  bool on_string(std::string_view, std::size_t, ec&) { return true; }
  bool on_key_part(std::string_view, std::size_t, ec&) { return true; }
  bool on_key(std::string_view, std::size_t, ec&) { return true; }
  bool on_number_part(std::string_view, ec&) { return true; }
  bool on_int64(std::int64_t, std::string_view, ec&) { return true; }
  bool on_uint64(std::uint64_t, std::string_view, ec&) { return true; }
  bool on_double(double, std::string_view, ec&) { return true; }
  bool on_bool(bool, ec&) { return true; }
  bool on_null(ec&) { return true; }
  bool on_comment_part(std::string_view, ec&) { return true; }
  bool on_comment(std::string_view, ec&) { return true; }
};

std::size_t members(const boost::json::value& v) {
  std::size_t n = 0;
  if (const auto* array = v.if_array())
    for (const auto& element : *array) n += members(element);
  if (const auto* object = v.if_object()) {
    n += object->size();
    for (const auto& entry : *object) n += members(entry.value());
  }
  return n;
}

// True when some object of `body` (valid JSON) repeats a key: the DOM holds fewer members.
bool repeats_a_key(std::string_view body) {
  boost::json::basic_parser<MemberCounter> parser{boost::json::parse_options{}};
  boost::system::error_code ec;
  parser.write_some(false, body.data(), body.size(), ec);
  return !ec && parser.handler().members != members(zoom::json::parse(body));
}

template <class Decode>
std::optional<zoom::phone::CallLogPage> attempt(Decode decode, std::string& error) {
  try {
    return decode();
  } catch (const zoom::DecodeError& e) {
    error = e.what();
    if (error.empty()) bug("a DecodeError without a message");
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using zoom::phone::CallLogPage;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::string direct_error, dom_error, lenient_error;
  const auto page = attempt([&] { return zoom::json::decode<CallLogPage>(body, {.strict = true}); }, direct_error);
  const auto dom_page =
      attempt([&] { return zoom::test::oracle::decode<CallLogPage>(zoom::json::parse(body)); }, dom_error);
  std::size_t reported = 0;
  const zoom::json::DecodeOptions lenient{.on_mismatch = [&](const zoom::json::Mismatch&) { ++reported; }};
  const auto lenient_page = attempt([&] { return zoom::json::decode<CallLogPage>(body, lenient); }, lenient_error);
  if (page && (!lenient_page || *lenient_page != *page || reported != 0))
    bug("lenient decoding differs where strict decoding succeeds:", body);

  if (page.has_value() != dom_page.has_value()) {
    if (!page && repeats_a_key(body)) return 0;
    bug("the decoder and the oracle disagree:", page ? dom_error : direct_error);
  }
  if (!page) return 0;
  if (*page != *dom_page) bug("the decoder and the oracle decode different pages:", body);

  // No try: encoding a decoded page, and decoding that, must not throw at all.
  const boost::json::value value = zoom::json::to_value(*page);
  const std::string encoded = zoom::json::encode(value);
  const CallLogPage again = zoom::json::decode<CallLogPage>(encoded, {.strict = true});
  if (!has_double(value) && again != *page) bug("the page changed on its way through encoding:", encoded);
  return 0;
}
