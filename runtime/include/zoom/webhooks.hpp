// Receiving the events Zoom posts to the application (webhooks), inside the application's own
// async server: zoom::webhooks verifies each delivery (an HMAC over the raw body, compared in
// constant time, and a timestamp window against replays), answers Zoom's URL validation, drops
// the duplicates Zoom's retries make, and hands each event to a coroutine handler: raw JSON, or a
// model generated from spec/. It owns no port and no socket: the application passes each request
// to Receiver::handle (zoom/webhooks/beast.hpp does it for a Beast server) and writes the Reply.
//
// When handlers run: Receiver::handle answers at once (200) and a handler runs AFTER that
// acknowledgement, spawned on the receiver's executor. Zoom wants its answer within 3 seconds
// and otherwise sends the event again; a slow handler (one that fetches the call's details from
// the API, say) therefore never delays the answer, and never causes a retry. The price: the
// answer says "received", not "processed". A handler that fails is reported through
// ReceiverOptions::on_handler_error and the event is not sent again by Zoom; keep what must not
// be lost (a queue, a table) in the handler's first step, or fetch what was missed later from the
// API (call history has every call).
#pragma once

#include <zoom/json.hpp>
#include <zoom/json/decode_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace zoom::webhooks {

/// How far the `x-zm-request-timestamp` of a delivery may be from now, either way, by default:
/// 5 minutes. Older is refused as a replay; ahead is refused as a clock that is off.
inline constexpr std::chrono::seconds default_window{300};

/// The outcome of verifying one delivery: valid, or the one reason it is refused.
enum class Outcome : std::uint8_t {
  valid,                ///< Signed with the secret token, within the window.
  missing_timestamp,    ///< No `x-zm-request-timestamp` header.
  missing_signature,    ///< No `x-zm-signature` header.
  malformed_timestamp,  ///< `x-zm-request-timestamp` is not whole seconds since 1970 in decimal digits.
  malformed_signature,  ///< `x-zm-signature` is not `v0=` followed by 64 hexadecimal digits.
  bad_signature,        ///< The signature does not match the timestamp and the body.
  too_old,              ///< The timestamp is older than the window allows (a replay, or a clock that is off).
  in_future,            ///< The timestamp is further ahead than the window allows (a clock that is off).
};

/// A few words for `outcome`, as the 401 answer's body says it: `bad signature`,
/// `stale x-zm-request-timestamp`. Nothing about the secret or the request.
std::string_view to_string(Outcome outcome) noexcept;

/// What verify() says about one delivery.
struct Verdict {
  Outcome outcome = Outcome::valid;  ///< Valid, or why not.
  /// Empty when valid; otherwise one line a person can act on, e.g. `x-zm-request-timestamp is 412
  /// s older than now; the window is 300 s (a replay, or a clock that is off)`. It holds fixed
  /// text and numbers only: never the secret token, never a header's or the body's content.
  std::string message;

  /// Whether the delivery is valid.
  bool valid() const noexcept { return outcome == Outcome::valid; }
  /// Whether the delivery is valid.
  explicit operator bool() const noexcept { return valid(); }
};

/// Verifies one delivery as Zoom signs it: `x-zm-signature` must be `v0=` followed by
/// hex(HMAC-SHA256(secret_token, "v0:" + timestamp + ":" + raw_body)), computed over the body's
/// bytes exactly as received (never over re-serialised JSON), compared in constant time; and
/// `x-zm-request-timestamp` (seconds since 1970) must be within `window` of `now`, either way.
/// Header values are taken without surrounding spaces or tabs; an absent header is
/// std::nullopt. The checks come in this order: each header present, each well formed, the
/// signature, then the window (a replayed delivery has a valid signature and an old timestamp).
/// Thread-safe and pure; never throws but std::bad_alloc.
Verdict verify(std::string_view secret_token, std::string_view raw_body, std::optional<std::string_view> timestamp,
               std::optional<std::string_view> signature, std::chrono::system_clock::time_point now,
               std::chrono::seconds window = default_window);

/// The `x-zm-signature` value Zoom sends with `raw_body` at `timestamp`:
/// `v0=` + hex(HMAC-SHA256(secret_token, "v0:" + timestamp + ":" + raw_body)), lower-case hex.
/// For a sender (a sandbox, a test) and for checking by hand.
std::string sign(std::string_view secret_token, std::string_view timestamp, std::string_view raw_body);

/// The answer to Zoom's URL validation (`endpoint.url_validation`, whose
/// `payload.plainToken` is `plain_token`): the JSON text
/// `{"plainToken":"...","encryptedToken":"<hex(HMAC-SHA256(secret_token, plain_token))>"}`,
/// escaped as JSON requires.
std::string url_validation_answer(std::string_view secret_token, std::string_view plain_token);

/// The name of the URL-validation event, which Receiver answers itself.
inline constexpr std::string_view url_validation_event = "endpoint.url_validation";

/// One HTTP request as the application's server received it, for Receiver::handle. The views
/// must stay valid until handle's awaitable completes (build it in a local variable, then
/// `co_await receiver.handle(delivery)`).
struct Delivery {
  std::string_view method = "POST";           ///< The request's method; anything but POST is answered 405.
  std::optional<std::string_view> timestamp;  ///< The `x-zm-request-timestamp` header, if present.
  std::optional<std::string_view> signature;  ///< The `x-zm-signature` header, if present.
  std::string_view body;                      ///< The body, byte for byte as received.
};

/// What to answer the request with.
struct Reply {
  /// 200: an event acknowledged (a duplicate included), or the URL validation's answer;
  /// 400: verified but not an event (not JSON, no `event`); 401: not verified; 405: not a POST;
  /// 503: the receiver is stopping (Zoom sends the event again later).
  unsigned status = 200;
  std::string body;          ///< The body: the URL validation's JSON, a short reason, or empty.
  std::string content_type;  ///< The body's content type; empty with an empty body.
};

/// One event, as handed to a raw handler. The handler may keep a reference to it until its
/// coroutine completes.
struct RawEvent {
  std::string event;                      ///< Its name, e.g. `phone.callee_ended`.
  std::optional<std::int64_t> event_ts;   ///< `event_ts`: when Zoom made it, milliseconds since 1970, if present.
  std::optional<std::string> account_id;  ///< `payload.account_id`, if present.
  std::string body;                       ///< The body as Zoom sent it, byte for byte.
  boost::json::value json;                ///< The body, parsed.
};

/// A handler of raw events: a coroutine, run after the acknowledgement.
using RawHandler = std::function<boost::asio::awaitable<void>(const RawEvent&)>;

/// A delivery Receiver answered with something other than 200 (or 503 while stopping), as
/// reported to ReceiverOptions::on_refusal.
struct Refusal {
  unsigned status = 401;  ///< The status answered: 400, 401, 405 or 503.
  /// For a 401, why verification failed; Outcome::valid for the others.
  Outcome outcome = Outcome::valid;
  /// One line a person can act on (the Verdict's message for a 401). Never the secret token.
  std::string message;
};

/// How a Receiver verifies, de-duplicates and reports.
struct ReceiverOptions {
  /// How far `x-zm-request-timestamp` may be from now, either way (see verify). Must not be negative.
  std::chrono::seconds window = default_window;
  /// How long a delivered body is remembered to recognise Zoom's retries of it (Zoom retries
  /// after about 5, 20 and 60 minutes). Zero: no de-duplication.
  std::chrono::seconds duplicate_window = std::chrono::hours{2};
  /// At most this many bodies are remembered (about 100 bytes each); past it the oldest is
  /// forgotten first, so memory stays bounded whatever the rate of events.
  std::size_t max_remembered = 100'000;
  /// How typed handlers decode their model: lenient by default (see zoom::json::DecodeOptions).
  zoom::json::DecodeOptions decode{};
  /// Called when a handler throws (a typed handler's decode failure included: zoom::DecodeError),
  /// with the event's name and the exception; on the receiver's executor. The receiver goes on.
  /// Unset: the failure is ignored. What the hook throws is ignored.
  std::function<void(std::string_view event, std::exception_ptr error)> on_handler_error{};
  /// Called for each refused delivery (not verified, not an event, not a POST, stopping), from
  /// within handle(). Unset: nothing is reported. What the hook throws is ignored.
  std::function<void(const Refusal&)> on_refusal{};
  /// The clock for the timestamp window and the duplicate window. Unset: the system clock.
  std::function<std::chrono::system_clock::time_point()> clock{};
};

namespace detail {

template <class F>
struct handler_argument {};
template <class C, class R, class A>
struct handler_argument<R (C::*)(A) const> {
  using type = std::remove_cvref_t<A>;
};
template <class C, class R, class A>
struct handler_argument<R (C::*)(A)> {
  using type = std::remove_cvref_t<A>;
};

// A callable whose one argument type says which event model it handles (a lambda, not generic).
template <class F>
concept DeducibleHandler = requires {
  typename handler_argument<decltype(&F::operator())>::type;
};

}  // namespace detail

/// A model of a whole event body, with its event name: the generator declares
/// `std::string_view zoom_webhook_event(const Model*)` (found by argument-dependent lookup)
/// beside each event model, and its `zoom_json_type` as for any model.
template <class T>
concept EventModel = requires(const T* model) {
  { zoom_webhook_event(model) } -> std::convertible_to<std::string_view>;
};

/// The dispatcher: verifies each delivery, answers URL validation, drops duplicates and hands
/// each event to its handler after the acknowledgement (see the top of this header).
///
/// Register handlers (on, otherwise) before the first handle(); after that, handle() may be
/// called from several threads at once. Handlers run on the receiver's executor: a
/// multi-threaded one runs several at once. A handler should not block its thread (use
/// co_await, or post blocking work elsewhere): on a single-threaded io_context that also serves
/// the requests, a blocking handler would hold up the answers too. To stop: stop(), then
/// co_await drain(), then destroy the receiver.
class Receiver {
 public:
  /// A receiver whose handlers run on `executor`, verifying with `secret_token` (the app's
  /// Secret Token, Zoom App Marketplace, Feature page). Throws std::invalid_argument for an
  /// empty secret token or a negative window.
  Receiver(boost::asio::any_io_executor executor, std::string secret_token, ReceiverOptions options = {});
  /// Clears the receiver's copy of the secret token once nothing uses it any more. Handlers
  /// still running keep what they need alive, but should have been drained (drain()).
  ~Receiver();
  Receiver(const Receiver&) = delete;             ///< Not copyable.
  Receiver& operator=(const Receiver&) = delete;  ///< Not copyable.
  Receiver(Receiver&&) noexcept;                  ///< Moves; the moved-from receiver may only be destroyed.
  Receiver& operator=(Receiver&&) noexcept;       ///< Moves; the moved-from receiver may only be destroyed.

  /// Handles `event_name` with `handler`, in place of any earlier handler of that name.
  void on(std::string event_name, RawHandler handler);

  /// Handles the event of model T (its name from `zoom_webhook_event(const T*)`) with
  /// `handler`, a callable taking T (by value or const reference) and returning
  /// boost::asio::awaitable<void>. The body is decoded with zoom::json::decode<T> and
  /// ReceiverOptions::decode; a decode failure goes to ReceiverOptions::on_handler_error.
  template <EventModel T, class F>
  requires std::invocable<const F&, T> && std::same_as<std::invoke_result_t<const F&, T>, boost::asio::awaitable<void>>
  void on(F handler) {
    add(std::string{zoom_webhook_event(static_cast<const T*>(nullptr))}, typed<T>(std::move(handler)));
  }

  /// Handles `event_name` with `handler` taking model T: for a model that is the body of several
  /// events, or that has no `zoom_webhook_event` (`receiver.on<CallEnded>(events::phone_callee_ended,
  /// handler)`). Otherwise as on<T>(handler).
  template <class T, class F>
  requires std::invocable<const F&, T> && std::same_as<std::invoke_result_t<const F&, T>, boost::asio::awaitable<void>>
  void on(std::string_view event_name, F handler) {
    add(std::string{event_name}, typed<T>(std::move(handler)));
  }

  /// As on<T>(handler), T being the type of the lambda's one parameter:
  /// `receiver.on([](CalleeEnded event) -> boost::asio::awaitable<void> { ... })`.
  template <detail::DeducibleHandler F>
  requires EventModel<typename detail::handler_argument<decltype(&F::operator())>::type>
  void on(F handler) { on<typename detail::handler_argument<decltype(&F::operator())>::type>(std::move(handler)); }

  /// Handles every event that has no handler of its own (URL validation aside). Unset (the
  /// default): such events are acknowledged and ignored.
  void otherwise(RawHandler handler);

  /// Answers one delivery (see Reply for the statuses): method, verification, JSON with an
  /// `event`; then the URL validation's answer, or 200 for a duplicate (not handed over again),
  /// or 200 at once with the event's handler spawned on the executor to run afterwards. Does not
  /// throw but std::bad_alloc. `delivery`'s views must stay valid until it completes.
  boost::asio::awaitable<Reply> handle(const Delivery& delivery);

  /// From now on, events are answered 503 (Zoom sends them again later, to whoever answers
  /// then) and not handed over; URL validation is still answered. For a graceful stop.
  void stop() noexcept;

  /// Whether stop() was called.
  bool stopped() const noexcept;

  /// Completes once no handler is running (at once if none is). Handlers that events accepted
  /// meanwhile start are waited for too: call stop() first. Runs on the calling coroutine's
  /// executor.
  boost::asio::awaitable<void> drain();

  /// The handlers running now (spawned and not yet completed).
  std::size_t running() const noexcept;

  /// The executor handlers run on.
  const boost::asio::any_io_executor& get_executor() const noexcept;

 private:
  struct State;

  void add(std::string event_name, RawHandler handler);

  template <class T, class F>
  RawHandler typed(F handler) {
    return [handler = std::move(handler), options = decode_options()](const RawEvent& event) {
      return run_typed<T>(handler, event, options);
    };
  }

  // The decode and the call, in one coroutine: `handler`, `event` and `options` outlive it (the
  // stored handler holds the first and last, the spawned run the event).
  template <class T, class F>
  static boost::asio::awaitable<void> run_typed(const F& handler, const RawEvent& event,
                                                const zoom::json::DecodeOptions& options) {
    T model = zoom::json::decode<T>(event.body, options);
    co_await std::invoke(handler, std::move(model));
  }

  const zoom::json::DecodeOptions& decode_options() const noexcept;

  // One handler's run, after the acknowledgement; it holds what it uses.
  static boost::asio::awaitable<void> run(std::shared_ptr<State> state, std::shared_ptr<const RawHandler> handler,
                                          std::shared_ptr<const RawEvent> event);

  std::shared_ptr<State> state_;
};

}  // namespace zoom::webhooks
