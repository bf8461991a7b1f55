// Fuzz target: a delivery as anyone may post it to a webhook endpoint, through
// zoom::webhooks::verify and zoom::webhooks::Receiver::handle (with typed handlers of models
// generated from spec/, and a raw one, run to completion). The input is one flags byte, then the
// x-zm-request-timestamp value, a newline, the x-zm-signature value, a newline, and the body:
//   bit 0: the timestamp header is present;   bit 1: the signature header is present;
//   bit 2: sign the body properly instead (the JSON parsing and dispatch are then reached);
//   bit 3: a GET instead of a POST;           bit 4: deliver it twice (the duplicate path).
// Nothing may crash or hit UB; verify is valid only for the right signature; no message, 401 or
// 400 body holds the secret token; every answer has one of the documented statuses.
#include <zoom/json.hpp>
#include <zoom/phone/webhooks.hpp>
#include <zoom/webhooks.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>


namespace {

constexpr std::string_view kSecret = "fuzz-secret-Zq81wW";
// Fixed, so that every run of an input is the same: 2026-11-27T19:00:00Z.
const auto kNow = std::chrono::system_clock::time_point{std::chrono::sys_days{std::chrono::November / 27 / 2026} +
                                                        std::chrono::hours{19}};
const std::string kNowText =
    std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kNow.time_since_epoch()).count());

[[noreturn]] void bug(const char* what, std::string_view detail) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void no_secret(const char* where, std::string_view text) {
  if (text.find(kSecret) != std::string_view::npos) bug(where, text);
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string out{text};
  for (char& c : out)
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Takes the text up to the next newline (all of it when there is none) off `rest`.
std::string_view take_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  const std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  return line;
}

void check_verify(std::string_view body, std::optional<std::string_view> timestamp,
                  std::optional<std::string_view> signature) {
  const zoom::webhooks::Verdict verdict = zoom::webhooks::verify(kSecret, body, timestamp, signature, kNow);
  no_secret("a verify message shows the secret", verdict.message);
  if (verdict.valid() != verdict.message.empty())
    bug("a verdict's message does not match its outcome", verdict.message);
  if (verdict.valid() && lower(trimmed(*signature)) != zoom::webhooks::sign(kSecret, trimmed(*timestamp), body))
    bug("verify took a signature that is not the body's", *signature);
}

void check_receiver(std::string_view method, std::string_view body, std::optional<std::string_view> timestamp,
                    std::optional<std::string_view> signature, int deliveries) {
  boost::asio::io_context io;
  zoom::webhooks::ReceiverOptions options;
  options.clock = [] { return kNow; };
  options.on_refusal = [](const zoom::webhooks::Refusal& refusal) {
    no_secret("a refusal message shows the secret", refusal.message);
    if (refusal.message.empty()) bug("a refusal without a message", "");
  };
  options.on_handler_error = [](std::string_view, std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const zoom::DecodeError&) {
    } catch (const std::runtime_error&) {
    } catch (...) {
      bug("a handler failed with an unexpected exception", "");
    }
  };
  zoom::webhooks::Receiver receiver{io.get_executor(), std::string{kSecret}, std::move(options)};
  // The generated models of spec/'s events: the decoder on their tables.
  receiver.on([](zoom::phone::CalleeCallHistoryCompleted event) -> boost::asio::awaitable<void> {
    if (event.payload.object.call_logs.size() > 3) throw std::runtime_error("many records");
    co_return;
  });
  receiver.on([](zoom::phone::CalleeEnded event) -> boost::asio::awaitable<void> {
    if (event.payload.object.call_id.empty()) throw std::runtime_error("no call id");
    co_return;
  });
  receiver.otherwise([](const zoom::webhooks::RawEvent& event) -> boost::asio::awaitable<void> {
    if (!event.json.is_object()) bug("a raw event that is not a JSON object", event.body);
    co_return;
  });

  zoom::webhooks::Delivery delivery;
  delivery.method = method;
  delivery.timestamp = timestamp;
  delivery.signature = signature;
  delivery.body = body;
  for (int i = 0; i < deliveries; ++i) {
    bool done = false;
    boost::asio::co_spawn(io, receiver.handle(delivery), [&](std::exception_ptr error, zoom::webhooks::Reply reply) {
      if (error) bug("Receiver::handle threw", "");
      switch (reply.status) {
        case 200:
          break;  // URL validation echoes the (signed) plainToken
        case 400:
        case 401:
        case 405:
          no_secret("a refusal's body shows the secret", reply.body);
          break;
        default:
          bug("an undocumented status", std::to_string(reply.status));
      }
      done = true;
    });
    io.run();
    io.restart();
    if (!done) bug("Receiver::handle did not complete", "");
  }
  if (receiver.running() != 0) bug("a handler still runs with nothing left to do", "");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned flags = data[0];
  std::string_view rest{reinterpret_cast<const char*>(data + 1), size - 1};
  std::optional<std::string_view> timestamp = take_line(rest);
  std::optional<std::string_view> signature = take_line(rest);
  const std::string_view body = rest;
  if ((flags & 1u) == 0) timestamp.reset();
  if ((flags & 2u) == 0) signature.reset();

  check_verify(body, timestamp, signature);

  std::string made;
  if ((flags & 4u) != 0) {  // signed as Zoom signs, so that the body is parsed and dispatched
    made = zoom::webhooks::sign(kSecret, kNowText, body);
    timestamp = kNowText;
    signature = made;
    if (!zoom::webhooks::verify(kSecret, body, timestamp, signature, kNow)) bug("a proper signature is refused", made);
  }
  check_receiver((flags & 8u) != 0 ? "GET" : "POST", body, timestamp, signature, (flags & 16u) != 0 ? 2 : 1);
  return 0;
}
