#include <zoom/webhooks.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <atomic>
#include <charconv>
#include <climits>
#include <cmath>
#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace zoom::webhooks {

namespace {

using Digest = std::array<unsigned char, 32>;  // SHA-256 and HMAC-SHA256

Digest hmac_sha256(std::string_view key, std::string_view data) {
  if (key.size() > static_cast<std::size_t>(INT_MAX)) throw std::length_error("the secret token is too long");
  Digest out{};
  unsigned int length = 0;
  static const unsigned char no_key = 0;  // HMAC() wants a key pointer even for an empty key
  const void* key_bytes = key.empty() ? static_cast<const void*>(&no_key) : static_cast<const void*>(key.data());
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out.data(), &length) == nullptr ||
      length != out.size())
    throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
  return out;
}

Digest sha256(std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_sha256(), nullptr) != 1 || length != out.size())
    throw std::runtime_error("SHA-256 failed (OpenSSL)");
  return out;
}

std::string hex(const Digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (const unsigned char byte : digest) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0F]);
  }
  return out;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trimmed(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The message Zoom signs: "v0:" + timestamp + ":" + body.
std::string signed_text(std::string_view timestamp, std::string_view raw_body) {
  std::string text;
  text.reserve(4 + timestamp.size() + raw_body.size());
  text.append("v0:").append(timestamp).append(":").append(raw_body);
  return text;
}

Verdict refuse(Outcome outcome, std::string message) { return Verdict{outcome, std::move(message)}; }

// Whole seconds since 1970, at most 18 digits (so no arithmetic below can overflow).
std::optional<std::int64_t> parse_seconds(std::string_view text) noexcept {
  if (text.empty() || text.size() > 18) return std::nullopt;
  for (const char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string characters(std::size_t n) { return std::to_string(n) + (n == 1 ? " character" : " characters"); }

const std::string proxy_hint =
    "(is the request from Zoom, and does every proxy on the way pass the x-zm-* headers on?)";

}  // namespace

std::string_view to_string(Outcome outcome) noexcept {
  switch (outcome) {
    case Outcome::valid:
      return "valid";
    case Outcome::missing_timestamp:
      return "missing x-zm-request-timestamp";
    case Outcome::missing_signature:
      return "missing x-zm-signature";
    case Outcome::malformed_timestamp:
      return "malformed x-zm-request-timestamp";
    case Outcome::malformed_signature:
      return "malformed x-zm-signature";
    case Outcome::bad_signature:
      return "bad signature";
    case Outcome::too_old:
      return "stale x-zm-request-timestamp";
    case Outcome::in_future:
      return "x-zm-request-timestamp in the future";
  }
  return "refused";
}

Verdict verify(std::string_view secret_token, std::string_view raw_body, std::optional<std::string_view> timestamp,
               std::optional<std::string_view> signature, std::chrono::system_clock::time_point now,
               std::chrono::seconds window) {
  // The messages hold fixed text and numbers only: never the secret, never a header's content.
  if (!timestamp)
    return refuse(Outcome::missing_timestamp,
                  "no x-zm-request-timestamp header: Zoom sends one with every event " + proxy_hint);
  if (!signature)
    return refuse(Outcome::missing_signature, "no x-zm-signature header: Zoom signs every event with it " + proxy_hint);
  const std::string_view stamp = trimmed(*timestamp);
  const std::optional<std::int64_t> seconds = parse_seconds(stamp);
  if (!seconds)
    return refuse(Outcome::malformed_timestamp,
                  "x-zm-request-timestamp is not whole seconds since 1970 in decimal digits (it has " +
                      characters(stamp.size()) + "; Zoom sends a number such as 1735689600)");
  const std::string_view sent = trimmed(*signature);
  constexpr std::string_view prefix = "v0=";
  Digest claimed{};
  bool well_formed = sent.size() == prefix.size() + 2 * claimed.size() && sent.starts_with(prefix);
  for (std::size_t i = 0; well_formed && i < claimed.size(); ++i) {
    const int high = hex_value(sent[prefix.size() + 2 * i]);
    const int low = hex_value(sent[prefix.size() + 2 * i + 1]);
    well_formed = high >= 0 && low >= 0;
    if (well_formed) claimed[i] = static_cast<unsigned char>(high << 4 | low);
  }
  if (!well_formed)
    return refuse(Outcome::malformed_signature, "x-zm-signature is not v0= followed by 64 hexadecimal digits (it has " +
                                                    characters(sent.size()) + ")");

  const Digest expected = hmac_sha256(secret_token, signed_text(stamp, raw_body));
  if (CRYPTO_memcmp(expected.data(), claimed.data(), expected.size()) != 0)
    return refuse(Outcome::bad_signature,
                  "x-zm-signature does not match the timestamp and the body: the secret token is not the app's "
                  "(Zoom App Marketplace, the app's Feature page, Secret Token), or the body was changed on the way "
                  "(the signature is over the raw bytes as sent)");

  // |now| fits in 64-bit seconds with room to spare, and *seconds < 10^18: no overflow.
  const std::int64_t now_seconds = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t age = now_seconds - *seconds;
  const std::int64_t limit = std::max<std::int64_t>(window.count(), 0);
  if (age > limit)
    return refuse(Outcome::too_old, "x-zm-request-timestamp is " + std::to_string(age) +
                                        " s older than now; the window is " + std::to_string(limit) +
                                        " s (a replay, or a clock that is off)");
  if (-age > limit) {
    std::string message = "x-zm-request-timestamp is " + std::to_string(-age) + " s ahead of now; the window is " +
                          std::to_string(limit) + " s (a clock that is off, here or at the sender)";
    if (*seconds >= 100'000'000'000) message += "; it looks like milliseconds, and Zoom sends seconds";
    return refuse(Outcome::in_future, std::move(message));
  }
  return Verdict{};
}

std::string sign(std::string_view secret_token, std::string_view timestamp, std::string_view raw_body) {
  return "v0=" + hex(hmac_sha256(secret_token, signed_text(timestamp, raw_body)));
}

std::string url_validation_answer(std::string_view secret_token, std::string_view plain_token) {
  boost::json::object answer;
  answer["plainToken"] = plain_token;
  answer["encryptedToken"] = hex(hmac_sha256(secret_token, plain_token));
  return boost::json::serialize(answer);
}

// --- Receiver ----------------------------------------------------------------------------------

struct Receiver::State {
  struct DigestHash {
    std::size_t operator()(const Digest& digest) const noexcept {
      std::size_t h = 0;
      for (std::size_t i = 0; i < sizeof h; ++i) h = h << 8 | digest[i];
      return h;
    }
  };
  struct Seen {
    Digest digest;
    std::chrono::system_clock::time_point at;
  };

  State(boost::asio::any_io_executor executor, std::string secret, ReceiverOptions options)
      : executor(std::move(executor)), secret(std::move(secret)), options(std::move(options)) {}
  ~State() { OPENSSL_cleanse(secret.data(), secret.size()); }

  std::chrono::system_clock::time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }

  void refused(unsigned status, Outcome outcome, std::string message) const {
    if (!options.on_refusal) return;
    try {
      options.on_refusal(Refusal{status, outcome, std::move(message)});
    } catch (...) {
      // what the hook throws is ignored
    }
  }

  void failed(std::string_view event, std::exception_ptr error) const {
    if (!options.on_handler_error) return;
    try {
      options.on_handler_error(event, std::move(error));
    } catch (...) {
      // what the hook throws is ignored
    }
  }

  // Whether `body` was delivered within the duplicate window; remembers it when not.
  bool duplicate(std::string_view body, std::chrono::system_clock::time_point at) {
    if (options.duplicate_window <= std::chrono::seconds::zero() || options.max_remembered == 0) return false;
    const Digest digest = sha256(body);
    const std::lock_guard lock{mutex};
    while (!order.empty() &&
           (order.front().at + options.duplicate_window <= at || order.size() > options.max_remembered)) {
      seen.erase(order.front().digest);
      order.pop_front();
    }
    if (seen.contains(digest)) return true;
    if (order.size() == options.max_remembered) {
      seen.erase(order.front().digest);
      order.pop_front();
    }
    seen.insert(digest);
    order.push_back(Seen{digest, at});
    return false;
  }

  void finished() {
    std::vector<std::shared_ptr<boost::asio::steady_timer>> wake;
    {
      const std::lock_guard lock{mutex};
      if (--running == 0) wake.swap(waiters);
    }
    for (auto& timer : wake) {
      auto& timer_ref = *timer;
      boost::asio::post(timer_ref.get_executor(), [timer = std::move(timer)] { timer->cancel(); });
    }
  }

  boost::asio::any_io_executor executor;
  std::string secret;
  ReceiverOptions options;
  std::unordered_map<std::string, std::shared_ptr<const RawHandler>> handlers;
  std::shared_ptr<const RawHandler> fallback;
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;  // guards what follows
  std::deque<Seen> order;    // remembered bodies, oldest first
  std::unordered_set<Digest, DigestHash> seen;
  std::size_t running = 0;
  std::vector<std::shared_ptr<boost::asio::steady_timer>> waiters;  // drain() calls, woken at running == 0
};

namespace {

Reply text_reply(unsigned status, std::string body) {
  return Reply{status, std::move(body), "text/plain; charset=utf-8"};
}

std::optional<std::int64_t> integer_of(const boost::json::value* value) noexcept {
  if (value == nullptr) return std::nullopt;
  if (const auto* i = value->if_int64()) return *i;
  if (const auto* u = value->if_uint64())
    return *u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
               ? std::optional<std::int64_t>{static_cast<std::int64_t>(*u)}
               : std::nullopt;
  if (const auto* d = value->if_double())
    if (std::isfinite(*d) && *d == std::trunc(*d) && *d >= -9.2e18 && *d <= 9.2e18)
      return static_cast<std::int64_t>(*d);
  return std::nullopt;
}

}  // namespace

boost::asio::awaitable<void> Receiver::run(std::shared_ptr<State> state, std::shared_ptr<const RawHandler> handler,
                                           std::shared_ptr<const RawEvent> event) {
  try {
    co_await (*handler)(*event);
  } catch (...) {
    state->failed(event->event, std::current_exception());
  }
  state->finished();
}

Receiver::Receiver(boost::asio::any_io_executor executor, std::string secret_token, ReceiverOptions options) {
  if (secret_token.empty())
    throw std::invalid_argument(
        "zoom::webhooks::Receiver: the secret token is empty (it is the app's Secret Token: Zoom App Marketplace, "
        "the app's Feature page)");
  if (options.window < std::chrono::seconds::zero() || options.duplicate_window < std::chrono::seconds::zero())
    throw std::invalid_argument("zoom::webhooks::Receiver: a window is negative");
  state_ = std::make_shared<State>(std::move(executor), std::move(secret_token), std::move(options));
}

Receiver::~Receiver() = default;
Receiver::Receiver(Receiver&&) noexcept = default;
Receiver& Receiver::operator=(Receiver&&) noexcept = default;

void Receiver::on(std::string event_name, RawHandler handler) { add(std::move(event_name), std::move(handler)); }

void Receiver::add(std::string event_name, RawHandler handler) {
  state_->handlers[std::move(event_name)] = std::make_shared<const RawHandler>(std::move(handler));
}

void Receiver::otherwise(RawHandler handler) {
  state_->fallback = handler ? std::make_shared<const RawHandler>(std::move(handler)) : nullptr;
}

const zoom::json::DecodeOptions& Receiver::decode_options() const noexcept { return state_->options.decode; }

void Receiver::stop() noexcept { state_->stopping = true; }

bool Receiver::stopped() const noexcept { return state_->stopping; }

std::size_t Receiver::running() const noexcept {
  const std::lock_guard lock{state_->mutex};
  return state_->running;
}

const boost::asio::any_io_executor& Receiver::get_executor() const noexcept { return state_->executor; }

boost::asio::awaitable<void> Receiver::drain() {
  const std::shared_ptr<State> state = state_;
  const auto executor = co_await boost::asio::this_coro::executor;
  for (;;) {
    auto timer = std::make_shared<boost::asio::steady_timer>(executor, boost::asio::steady_timer::time_point::max());
    {
      const std::lock_guard lock{state->mutex};
      if (state->running == 0) co_return;
      state->waiters.push_back(timer);
    }
    // Woken by a cancel when the last handler completes (State::finished).
    co_await timer->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    const auto cancelled = (co_await boost::asio::this_coro::cancellation_state).cancelled();
    if (cancelled != boost::asio::cancellation_type::none)
      throw boost::system::system_error(boost::asio::error::operation_aborted);
  }
}

boost::asio::awaitable<Reply> Receiver::handle(const Delivery& delivery) {
  State& state = *state_;
  if (delivery.method != "POST") {
    state.refused(405, Outcome::valid, "a request that is not a POST: Zoom posts its events");
    Reply reply = text_reply(405, "method not allowed: POST only");
    co_return reply;
  }

  Verdict verdict =
      verify(state.secret, delivery.body, delivery.timestamp, delivery.signature, state.now(), state.options.window);
  if (!verdict) {
    Reply reply = text_reply(401, std::string{to_string(verdict.outcome)});
    state.refused(401, verdict.outcome, std::move(verdict.message));
    co_return reply;
  }

  boost::system::error_code error;
  boost::json::value json = boost::json::parse(delivery.body, error);
  const boost::json::object* object = error ? nullptr : json.if_object();
  const boost::json::value* name = object != nullptr ? object->if_contains("event") : nullptr;
  if (name == nullptr || !name->is_string()) {
    std::string message = error               ? "a signed body that is not JSON (" + error.message() + ")"
                          : object == nullptr ? std::string{"a signed body that is not a JSON object"}
                                              : std::string{"a signed body without an \"event\" string"};
    state.refused(400, Outcome::valid, std::move(message));
    Reply reply = text_reply(400, error ? "not JSON" : "no event");
    co_return reply;
  }
  const std::string_view event_name = name->get_string();
  const boost::json::object* payload = nullptr;
  if (const auto* p = object->if_contains("payload")) payload = p->if_object();

  if (event_name == url_validation_event) {
    const boost::json::value* plain = payload != nullptr ? payload->if_contains("plainToken") : nullptr;
    if (plain == nullptr || !plain->is_string()) {
      state.refused(400, Outcome::valid, "endpoint.url_validation without a payload.plainToken string");
      Reply reply = text_reply(400, "no plainToken");
      co_return reply;
    }
    Reply reply{200, url_validation_answer(state.secret, plain->get_string()), "application/json"};
    co_return reply;
  }

  if (state.stopping) {
    state.refused(503, Outcome::valid,
                  "an event arrived while the receiver is stopping: answered 503, Zoom sends it "
                  "again later");
    Reply reply = text_reply(503, "stopping");
    co_return reply;
  }

  if (state.duplicate(delivery.body, state.now())) {
    Reply reply{};
    co_return reply;
  }

  auto handler = state.fallback;
  if (const auto found = state.handlers.find(std::string{event_name}); found != state.handlers.end())
    handler = found->second;
  if (handler) {
    auto event = std::make_shared<RawEvent>();
    event->event = std::string{event_name};
    event->event_ts = integer_of(object->if_contains("event_ts"));
    if (payload != nullptr)
      if (const auto* account = payload->if_contains("account_id"); account != nullptr && account->is_string())
        event->account_id = std::string{account->get_string()};
    event->body = delivery.body;
    event->json = std::move(json);
    {
      const std::lock_guard lock{state.mutex};
      ++state.running;
    }
    // Posted: nothing of the handler runs before this reply is back with the caller.
    boost::asio::post(state.executor, [state = state_, handler = std::move(handler),
                                       event = std::shared_ptr<const RawEvent>(std::move(event))]() mutable {
      auto executor = state->executor;
      boost::asio::co_spawn(executor, run(std::move(state), std::move(handler), std::move(event)),
                            boost::asio::detached);
    });
  }
  Reply reply{};
  co_return reply;
}

}  // namespace zoom::webhooks
