#include "webhook_delivery.hpp"

#include "random.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace zoom::sandbox::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

constexpr std::size_t answer_limit = 1 << 20;
constexpr auto idle_wait = std::chrono::hours{24};  // the worker's wait when nothing is due

auto awaitable_ec(boost::system::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string_view fault_name(WebhookFault::Kind kind) {
  switch (kind) {
    case WebhookFault::Kind::bad_signature:
      return "bad_signature";
    case WebhookFault::Kind::stale_timestamp:
      return "stale_timestamp";
    case WebhookFault::Kind::replay:
      return "replay";
    case WebhookFault::Kind::duplicate:
      return "duplicate";
  }
  return "";
}

}  // namespace

WebhookDelivery::WebhookDelivery(asio::any_io_executor executor, Clock sandbox_clock, std::string account_id,
                                 CallScanner scanner)
    : sandbox_clock_(std::move(sandbox_clock)),
      account_id_(std::move(account_id)),
      scanner_(std::move(scanner)),
      strand_(asio::make_strand(executor)),
      timer_(strand_) {}

WebhookDelivery::Target WebhookDelivery::parse_target(const std::string& url) {
  const auto parsed = boost::urls::parse_uri(url);
  auto bad = [&](std::string_view why) {
    return std::invalid_argument("zoom::sandbox: WebhookSubscription::url '" + url + "': " + std::string(why));
  };
  if (!parsed) throw bad("not a URL");
  const boost::urls::url_view& u = *parsed;
  if (u.scheme() != "http") throw bad("only http:// URLs are supported");
  if (u.encoded_host().empty()) throw bad("no host");
  if (u.has_userinfo() || u.has_fragment()) throw bad("no user info or fragment, please");
  Target target;
  target.host = u.host_address();  // an IPv6 address without its brackets
  target.port = u.has_port() ? std::string(u.port()) : "80";
  if (target.port.empty()) target.port = "80";
  target.host_header = std::string(u.encoded_host_and_port());
  target.path = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
  if (u.has_query()) target.path += "?" + std::string(u.encoded_query());
  return target;
}

void WebhookDelivery::check(const WebhookSubscription& s) {
  parse_target(s.url);
  if (s.secret_token.empty()) throw std::invalid_argument("zoom::sandbox: WebhookSubscription::secret_token is empty");
  if (s.deadline.count() <= 0)
    throw std::invalid_argument("zoom::sandbox: WebhookSubscription::deadline must be positive");
  for (const milliseconds delay : s.retry_delays)
    if (delay.count() < 0)
      throw std::invalid_argument("zoom::sandbox: WebhookSubscription::retry_delays: a negative delay");
  if (s.scan_interval.count() < 0)
    throw std::invalid_argument("zoom::sandbox: WebhookSubscription::scan_interval is negative");
  if (s.revalidate_after.count() <= 0)
    throw std::invalid_argument("zoom::sandbox: WebhookSubscription::revalidate_after must be positive");
}

std::chrono::system_clock::time_point WebhookDelivery::sandbox_now() const {
  return sandbox_clock_ ? sandbox_clock_() : std::chrono::system_clock::now();
}

std::int64_t WebhookDelivery::now_ms() const {
  return std::chrono::duration_cast<milliseconds>(sandbox_now().time_since_epoch()).count();
}

void WebhookDelivery::wake() {
  asio::dispatch(strand_, [self = shared_from_this()] { self->timer_.cancel(); });
}

void WebhookDelivery::start(std::shared_ptr<void> owner) {
  {
    const std::lock_guard lock(mutex_);
    if (started_ || stopped_) return;
    started_ = true;
  }
  asio::co_spawn(strand_, run(shared_from_this(), std::move(owner)), [](std::exception_ptr) {});
}

void WebhookDelivery::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    if (!started_) return;
  }
  asio::dispatch(strand_, [self = shared_from_this()] {
    self->timer_.cancel();
    if (self->in_flight_) self->in_flight_->close();
  });
}

void WebhookDelivery::subscribe(WebhookSubscription subscription) {
  check(subscription);
  Target target = parse_target(subscription.url);
  {
    const std::lock_guard lock(mutex_);
    not_sent_ += drop_pending();
    ++generation_;
    last_scan_ = std::chrono::floor<std::chrono::seconds>(sandbox_now());
    next_scan_ = steady_clock::now() + subscription.scan_interval;
    subscription_ = std::move(subscription);
    target_ = std::move(target);
    validation_ = Validation::needed;
    validation_error_.clear();
    validated_at_.reset();
  }
  wake();
}

void WebhookDelivery::unsubscribe() {
  {
    const std::lock_guard lock(mutex_);
    not_sent_ += drop_pending();
    ++generation_;
    subscription_.reset();
    target_.reset();
    last_scan_.reset();
  }
  wake();
}

void WebhookDelivery::revalidate() {
  {
    const std::lock_guard lock(mutex_);
    if (!subscription_) return;
    if (validation_ != Validation::in_flight) validation_ = Validation::needed;
  }
  wake();
}

std::size_t WebhookDelivery::drop_pending() {
  const auto events =
      std::count_if(queue_.begin(), queue_.end(), [](const Item& i) { return i.kind == ItemKind::event; });
  queue_.clear();
  return static_cast<std::size_t>(events);
}

void WebhookDelivery::push(Item item) {
  item.order = next_order_++;
  queue_.push_back(std::move(item));
}

std::uint64_t WebhookDelivery::enqueue(std::string event, std::int64_t event_ts_ms, boost::json::object object) {
  if (!subscription_) return 0;
  const auto& wanted = subscription_->events;
  if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), event) == wanted.end()) return 0;
  if (validation_ == Validation::failed) {
    ++not_sent_;
    return 0;
  }
  Item item;
  item.delivery = next_delivery_++;
  item.body = event_body(event, event_ts_ms, account_id_, std::move(object));
  item.event = std::move(event);
  item.due = steady_clock::now();
  const std::uint64_t delivery = item.delivery;
  push(std::move(item));
  return delivery;
}

std::uint64_t WebhookDelivery::send(std::string event, boost::json::object object) {
  std::uint64_t delivery = 0;
  {
    const std::lock_guard lock(mutex_);
    delivery = enqueue(std::move(event), now_ms(), std::move(object));
  }
  if (delivery != 0) wake();
  return delivery;
}

std::size_t WebhookDelivery::deliver_completed_calls(sys_seconds after, sys_seconds until) {
  bool call_log_events = true;
  {
    const std::lock_guard lock(mutex_);
    if (!subscription_) return 0;
    call_log_events = subscription_->call_log_events;
  }
  const std::vector<WebhookEvent> events = completed_call_events(scanner_(after, until), call_log_events);
  std::size_t queued = 0;
  {
    const std::lock_guard lock(mutex_);
    for (const WebhookEvent& e : events)
      if (enqueue(e.name, e.event_ts_ms, e.object) != 0) ++queued;
  }
  if (queued != 0) wake();
  return queued;
}

void WebhookDelivery::inject(WebhookFault fault, std::size_t times) {
  if (fault.age.count() < 0 || fault.delay.count() < 0)
    throw std::invalid_argument("zoom::sandbox: inject_webhook: a negative age or delay");
  const std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < times; ++i) faults_.push_back(fault);
}

void WebhookDelivery::clear_faults() {
  const std::lock_guard lock(mutex_);
  faults_.clear();
}

std::vector<WebhookAttempt> WebhookDelivery::attempts() const {
  const std::lock_guard lock(mutex_);
  return log_;
}

WebhookStatus WebhookDelivery::status() const {
  const std::lock_guard lock(mutex_);
  WebhookStatus s;
  s.subscribed = subscription_.has_value();
  s.validated = validation_ == Validation::passed;
  s.validation_error = validation_error_;
  s.validations = validations_;
  s.pending = queue_.size();
  s.delivered = delivered_;
  s.dropped = dropped_;
  s.not_sent = not_sent_;
  s.busy = busy_ || (subscription_ && validation_ == Validation::needed);
  return s;
}

void WebhookDelivery::finish(const WebhookSubscription& subscription, WebhookAttempt attempt) {
  {
    const std::lock_guard lock(mutex_);
    log_.push_back(attempt);
  }
  if (subscription.on_attempt) {
    try {
      subscription.on_attempt(attempt);
    } catch (...) {
      // an observer's exception is not the delivery's business
    }
  }
}

// The worker: one step at a time, each chosen under the mutex and acted on without it.
asio::awaitable<void> WebhookDelivery::run(std::shared_ptr<WebhookDelivery> self, std::shared_ptr<void> owner) {
  (void)self;   // keeps *this alive
  (void)owner;  // keeps the Sandbox's state, which the scanner reads, alive
  for (;;) {
    enum class Step { wait, validate, scan, deliver } step = Step::wait;
    steady_clock::time_point wake_at = steady_clock::now() + idle_wait;
    std::optional<WebhookSubscription> subscription;
    std::optional<Target> target;
    std::uint64_t generation = 0;
    Item item;
    sys_seconds scan_after{}, scan_until{};
    {
      const std::lock_guard lock(mutex_);
      if (stopped_) co_return;
      const auto now = steady_clock::now();
      if (subscription_) {
        generation = generation_;
        const bool scanning = subscription_->scan_interval.count() > 0;
        if (scanning) wake_at = std::min(wake_at, next_scan_);
        if (validation_ == Validation::passed && !queue_.empty() && validated_at_ &&
            sandbox_now() - *validated_at_ >= subscription_->revalidate_after)
          validation_ = Validation::needed;  // Zoom's 72 hours: the challenge again before the next event
        if (validation_ == Validation::needed) {
          step = Step::validate;
          validation_ = Validation::in_flight;
          ++validations_;
          busy_ = true;
        } else if (scanning && now >= next_scan_) {
          step = Step::scan;
          next_scan_ = now + subscription_->scan_interval;
          scan_until = std::chrono::floor<std::chrono::seconds>(sandbox_now());
          scan_after = last_scan_.value_or(scan_until);
          last_scan_ = scan_until;
        } else if (validation_ == Validation::failed) {
          not_sent_ += drop_pending();
        } else if (!queue_.empty()) {
          const auto next = std::min_element(queue_.begin(), queue_.end(), [](const Item& a, const Item& b) {
            return a.due != b.due ? a.due < b.due : a.order < b.order;
          });
          if (next->due <= now) {
            step = Step::deliver;
            item = std::move(*next);
            queue_.erase(next);
            busy_ = true;
          } else {
            wake_at = std::min(wake_at, next->due);
          }
        }
        if (step != Step::wait) {
          subscription = subscription_;
          target = target_;
        }
      }
    }
    if (step == Step::wait) {
      // Set and awaited in this one step on the strand: a wake() dispatched after the state
      // changed either ran before the choice above (which saw the change) or cancels this wait.
      timer_.expires_at(wake_at);
      boost::system::error_code ec;
      co_await timer_.async_wait(awaitable_ec(ec));
      continue;
    }
    // An exception (none is expected: OpenSSL's random generator failing, memory)
    // must not end delivery nor leave it busy for ever.
    std::string failure;
    try {
      switch (step) {
        case Step::validate:
          co_await validate(generation, std::move(*subscription), std::move(*target));
          break;
        case Step::scan:
          if (scan_until > scan_after) {
            const std::vector<WebhookEvent> events =
                completed_call_events(scanner_(scan_after, scan_until), subscription->call_log_events);
            const std::lock_guard lock(mutex_);
            if (generation == generation_)
              for (const WebhookEvent& e : events) enqueue(e.name, e.event_ts_ms, e.object);
          }
          break;
        case Step::deliver:
          co_await deliver(generation, std::move(*subscription), std::move(*target), std::move(item));
          break;
        case Step::wait:
          break;
      }
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      const std::lock_guard lock(mutex_);
      busy_ = false;
      if (validation_ == Validation::in_flight) {
        validation_ = Validation::failed;
        validation_error_ = "the sandbox failed: " + failure;
      }
    }
  }
}

asio::awaitable<void> WebhookDelivery::validate(std::uint64_t generation, WebhookSubscription subscription,
                                                Target target) {
  const std::string plain_token = secure_token(22);
  Request request;
  request.body = validation_body(plain_token, now_ms());
  const auto timestamp_clock = subscription.timestamp_clock;
  const auto now = timestamp_clock ? timestamp_clock() : std::chrono::system_clock::now();
  request.timestamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  request.signature = webhook_signature(subscription.secret_token, request.timestamp, request.body);
  request.tracking_id = "Webhook_" + secure_hex(16);

  const Answer answer = co_await exchange(target, request, subscription.deadline);
  std::string error = answer.error;
  if (error.empty() && answer.status != 200)
    error = "HTTP " + std::to_string(answer.status) + " (the challenge needs 200 with the tokens)";
  if (error.empty()) error = check_validation_answer(answer.body, plain_token, subscription.secret_token);

  WebhookAttempt attempt;
  attempt.delivery = 0;
  attempt.event = "endpoint.url_validation";
  attempt.body = request.body;
  attempt.timestamp = request.timestamp;
  attempt.signature = request.signature;
  attempt.status = answer.status;
  attempt.response_body = answer.body;
  attempt.error = error;
  attempt.timed_out = answer.timed_out;
  attempt.ok = error.empty();
  attempt.elapsed = answer.elapsed;
  {
    const std::lock_guard lock(mutex_);
    busy_ = false;
    attempt.attempt = static_cast<int>(validations_);
    if (generation == generation_ && validation_ == Validation::in_flight) {
      validation_ = error.empty() ? Validation::passed : Validation::failed;
      validation_error_ = error;
      if (error.empty())
        validated_at_ = sandbox_now();
      else
        not_sent_ += drop_pending();  // a URL that fails receives nothing
    }
  }
  finish(subscription, std::move(attempt));
}

asio::awaitable<void> WebhookDelivery::deliver(std::uint64_t generation, WebhookSubscription subscription,
                                               Target target, Item item) {
  Request request;
  request.body = item.body;
  std::optional<WebhookFault> fault;
  WebhookAttempt attempt;
  {
    const std::lock_guard lock(mutex_);
    Track& track = tracks_[item.delivery];
    attempt.attempt = ++track.sends;
    if (item.kind == ItemKind::replay) {
      request.timestamp = item.timestamp;
      request.signature = item.signature;
      request.tracking_id = item.tracking_id;
      attempt.fault = "replay";
    } else {
      if (item.kind == ItemKind::event && !faults_.empty()) {
        fault = faults_.front();
        faults_.pop_front();
      }
      const auto now = subscription.timestamp_clock ? subscription.timestamp_clock() : std::chrono::system_clock::now();
      const std::int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
      // Every send after the first carries a later timestamp than the one before (Zoom's
      // retries are minutes apart; a shrunk schedule must not repeat a timestamp).
      std::int64_t timestamp = track.last_timestamp != 0 ? std::max(now_s, track.last_timestamp + 1) : now_s;
      if (fault && fault->kind == WebhookFault::Kind::stale_timestamp)
        timestamp = now_s - fault->age.count();
      else
        track.last_timestamp = std::max(track.last_timestamp, timestamp);
      request.timestamp = std::to_string(timestamp);
      request.signature = webhook_signature(subscription.secret_token, request.timestamp, request.body);
      if (fault && fault->kind == WebhookFault::Kind::bad_signature)
        request.signature = corrupt_signature(request.signature);
      request.tracking_id = "Webhook_" + secure_hex(16);
      if (item.kind == ItemKind::duplicate)
        attempt.fault = "duplicate";
      else if (fault &&
               (fault->kind == WebhookFault::Kind::bad_signature || fault->kind == WebhookFault::Kind::stale_timestamp))
        attempt.fault = fault_name(fault->kind);
    }
  }

  const Answer answer = co_await exchange(target, request, subscription.deadline);
  const bool ok = answer.error.empty() && answer.status >= 200 && answer.status < 300;

  attempt.delivery = item.delivery;
  attempt.event = item.event;
  attempt.body = request.body;
  attempt.timestamp = request.timestamp;
  attempt.signature = request.signature;
  attempt.signed_correctly =
      request.signature == webhook_signature(subscription.secret_token, request.timestamp, request.body);
  attempt.status = answer.status;
  attempt.response_body = answer.body;
  attempt.error = !answer.error.empty() ? answer.error : ok ? "" : "HTTP " + std::to_string(answer.status);
  attempt.timed_out = answer.timed_out;
  attempt.ok = ok;
  attempt.elapsed = answer.elapsed;
  {
    const std::lock_guard lock(mutex_);
    busy_ = false;
    if (generation == generation_ && item.kind == ItemKind::event) {
      const auto now = steady_clock::now();
      if (ok) {
        ++delivered_;
      } else if (item.retries < subscription.retry_delays.size()) {
        Item retry = item;
        retry.due = now + subscription.retry_delays[retry.retries];
        ++retry.retries;
        push(std::move(retry));
      } else {
        ++dropped_;
      }
      if (fault && (fault->kind == WebhookFault::Kind::replay || fault->kind == WebhookFault::Kind::duplicate)) {
        Item copy;
        copy.delivery = item.delivery;
        copy.event = item.event;
        copy.body = item.body;
        copy.kind = fault->kind == WebhookFault::Kind::replay ? ItemKind::replay : ItemKind::duplicate;
        copy.due = now + fault->delay;
        copy.timestamp = request.timestamp;
        copy.signature = request.signature;
        copy.tracking_id = request.tracking_id;
        push(std::move(copy));
      }
    }
  }
  finish(subscription, std::move(attempt));
}

asio::awaitable<WebhookDelivery::Answer> WebhookDelivery::exchange(const Target& target, const Request& request,
                                                                   milliseconds deadline) {
  Answer answer;
  const auto started = steady_clock::now();
  const auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  in_flight_ = &stream;
  struct Unpublish {
    WebhookDelivery& self;
    ~Unpublish() { self.in_flight_ = nullptr; }
  } const unpublish{*this};
  {
    const std::lock_guard lock(mutex_);
    if (stopped_) {
      answer.error = "the sandbox stopped";
      co_return answer;
    }
  }
  boost::system::error_code ec;
  auto failed = [&](std::string_view step) {
    answer.elapsed = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
    if (ec == beast::error::timeout) {
      answer.timed_out = true;
      answer.error = "no answer within " + std::to_string(deadline.count()) + " ms";
    } else {
      answer.error = std::string(step) + ": " + ec.message();
    }
    return answer;
  };

  stream.expires_after(deadline);  // one deadline for connecting, sending and the whole answer
  tcp::resolver resolver(executor);
  const tcp::resolver::results_type endpoints =
      co_await resolver.async_resolve(target.host, target.port, awaitable_ec(ec));
  if (ec) co_return failed("resolve " + target.host);
  co_await stream.async_connect(endpoints, awaitable_ec(ec));
  if (ec) co_return failed("connect");

  http::request<http::string_body> req(http::verb::post, target.path, 11);
  req.set(http::field::host, target.host_header);
  req.set(http::field::user_agent, "Zoom Marketplace/1.0a");
  req.set(http::field::content_type, "application/json; charset=utf-8");
  req.set("x-zm-request-timestamp", request.timestamp);
  req.set("x-zm-signature", request.signature);
  req.set("x-zm-trackingid", request.tracking_id);
  req.keep_alive(false);
  req.body() = request.body;
  req.prepare_payload();
  co_await http::async_write(stream, req, awaitable_ec(ec));
  if (ec) co_return failed("send");

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(answer_limit);
  co_await http::async_read(stream, buffer, parser, awaitable_ec(ec));
  if (ec) co_return failed("read the answer");
  answer.status = static_cast<int>(parser.get().result_int());
  answer.body = std::move(parser.get().body());
  answer.elapsed = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.close();
  co_return answer;
}

}  // namespace zoom::sandbox::detail
