// Webhook delivery, as Zoom does it: one subscription (URL + secret token), the
// endpoint.url_validation challenge before any event (again when Zoom's 72 hours have passed on
// the sandbox's clock), signed POSTs with a deadline, retries on a schedule, scripted faults
// (bad signature, stale timestamp, replay, duplicate), a periodic scan for calls that ended, and
// a log of every attempt. A Beast HTTP client on a strand of the sandbox's executor; one
// request at a time, earliest due first.
//
// Threads: the worker coroutine runs on its own strand; the public functions may be called
// from any thread (state behind a mutex never held across an await).
#pragma once

#include "time.hpp"
#include "webhook_events.hpp"

#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace zoom::sandbox::detail {

class WebhookDelivery : public std::enable_shared_from_this<WebhookDelivery> {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  // The completed calls that ended in (after, until] (Service::completed_calls).
  using CallScanner = std::function<std::vector<CompletedCall>(sys_seconds after, sys_seconds until)>;

  // sandbox_clock: Options::clock (empty: the real clock).
  WebhookDelivery(boost::asio::any_io_executor executor, Clock sandbox_clock, std::string account_id,
                  CallScanner scanner);

  // Throws std::invalid_argument for a subscription that cannot be used (see Sandbox::subscribe).
  static void check(const WebhookSubscription& subscription);

  // Starts the worker, which keeps `owner` alive until it ends (after stop()). Once only.
  void start(std::shared_ptr<void> owner);
  // Ends the worker: cancels its waits and closes a connection in flight. Idempotent.
  void stop();

  void subscribe(WebhookSubscription subscription);
  void unsubscribe();
  void revalidate();
  std::uint64_t send(std::string event, boost::json::object object);
  std::size_t deliver_completed_calls(sys_seconds after, sys_seconds until);
  void inject(WebhookFault fault, std::size_t times);
  void clear_faults();
  std::vector<WebhookAttempt> attempts() const;
  WebhookStatus status() const;

 private:
  struct Target {
    std::string host;         // for the resolver (an IPv6 address without brackets)
    std::string port;         // "80" by default
    std::string host_header;  // as in the URL
    std::string path;         // path and query, "/" at least
  };
  enum class Validation { needed, in_flight, passed, failed };
  enum class ItemKind { event, replay, duplicate };
  struct Item {
    std::uint64_t delivery = 0;
    std::string event;
    std::string body;
    ItemKind kind = ItemKind::event;
    std::size_t retries = 0;  // retries used (kind event)
    std::chrono::steady_clock::time_point due{};
    std::uint64_t order = 0;  // first in, first out among equal dues
    // replay: the request to send again as is
    std::string timestamp, signature, tracking_id;
  };
  struct Track {  // per delivery
    int sends = 0;
    std::int64_t last_timestamp = 0;
  };
  struct Answer {
    int status = 0;
    std::string body;
    std::string error;
    bool timed_out = false;
    std::chrono::milliseconds elapsed{0};
  };
  struct Request {
    std::string body, timestamp, signature, tracking_id;
  };

  static Target parse_target(const std::string& url);  // throws std::invalid_argument
  std::chrono::system_clock::time_point sandbox_now() const;
  std::int64_t now_ms() const;
  // Queues one event (mutex_ held); the delivery number, 0 when it will not be sent.
  std::uint64_t enqueue(std::string event, std::int64_t event_ts_ms, boost::json::object object);
  void push(Item item);        // mutex_ held
  std::size_t drop_pending();  // mutex_ held; the events among them
  void wake();

  boost::asio::awaitable<void> run(std::shared_ptr<WebhookDelivery> self, std::shared_ptr<void> owner);
  boost::asio::awaitable<void> validate(std::uint64_t generation, WebhookSubscription subscription, Target target);
  boost::asio::awaitable<void> deliver(std::uint64_t generation, WebhookSubscription subscription, Target target,
                                       Item item);
  boost::asio::awaitable<Answer> exchange(const Target& target, const Request& request,
                                          std::chrono::milliseconds deadline);
  void finish(const WebhookSubscription& subscription, WebhookAttempt attempt);  // logs, calls on_attempt

  const Clock sandbox_clock_;
  const std::string account_id_;
  const CallScanner scanner_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;                // the worker's wait; on strand_
  boost::beast::tcp_stream* in_flight_ = nullptr;  // on strand_

  mutable std::mutex mutex_;  // guards the fields below
  bool started_ = false;
  bool stopped_ = false;
  std::optional<WebhookSubscription> subscription_;
  std::optional<Target> target_;
  std::uint64_t generation_ = 0;  // +1 at every subscribe / unsubscribe
  Validation validation_ = Validation::needed;
  std::optional<std::chrono::system_clock::time_point> validated_at_;  // sandbox clock
  std::string validation_error_;
  std::size_t validations_ = 0;
  std::optional<sys_seconds> last_scan_;  // sandbox clock: calls that ended up to here are sent
  std::chrono::steady_clock::time_point next_scan_{};
  std::vector<Item> queue_;
  std::uint64_t next_order_ = 0;
  std::uint64_t next_delivery_ = 1;
  std::unordered_map<std::uint64_t, Track> tracks_;
  std::deque<WebhookFault> faults_;
  std::vector<WebhookAttempt> log_;
  std::size_t delivered_ = 0, dropped_ = 0, not_sent_ = 0;
  bool busy_ = false;
};

}  // namespace zoom::sandbox::detail
