// zoom_bench_request: the client-side cost of one call-log request on a loopback keep-alive
// connection: the SDK's list_user_call_logs (send + decode) against a raw Beast loop (the
// baseline: same request bytes, same zoom::json::decode of the body, nothing else) and libcurl
// with one reused easy handle, and (for where the time goes) the Beast loop with a larger read
// buffer. The sandbox runs on its own thread and answers every request with
// the same fixed body, so the server's cost is the same for every client.
#include "call_log_page.hpp"
#include "harness.hpp"
#include "server_thread.hpp"

#include <zoom/client.hpp>
#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/serialize.hpp>
#include <curl/curl.h>

#include <chrono>
#include <exception>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

// Zoom deprecated the call-logs operations in favour of call history; this program reads call
// logs on purpose (the SDK keeps them for as long as Zoom serves them).
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace bench = zoom::bench;
using zoom::phone::CallLogPage;

// What every client asks for: the same parameters, so the same request target.
const zoom::phone::ListUserCallLogsParams kParams{
    .from = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::October, std::chrono::day{1}},
    .to = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::October, std::chrono::day{31}},
    .page_size = 300};

struct Target {
  std::string host;  // 127.0.0.1
  std::string port;
  std::string host_header;
  std::string path;  // with the query
  std::string token;
  std::string ca_pem;  // empty: plain HTTP
  std::string user_agent;
};

void check_page(const CallLogPage& page, std::size_t records) {
  if (page.call_logs.size() != records) throw std::runtime_error("a response had the wrong number of records");
  bench::keep(page.call_logs.size());
}

// Each client sends requests until `round` is over and returns microseconds per request.
class BenchClient {
 public:
  virtual ~BenchClient() = default;
  virtual double run(bench::Seconds round) = 0;
  virtual std::size_t connections() const = 0;
};

// (a) The SDK: rate limiter (unlimited), token, retry loop, pool, decode.
class SdkClient : public BenchClient {
 public:
  SdkClient(const Target& target, const std::string& base_url, std::size_t records)
      : client_(io_.get_executor(),
                {.credentials = zoom::BearerToken{target.token},
                 .rate_limits = zoom::RateLimits::unlimited(),
                 .base_url = base_url,
                 .extra_ca_pem = target.ca_pem,
                 .allow_plain_http = target.ca_pem.empty(),
                 .user_agent = target.user_agent}),
        records_(records) {}

  double run(bench::Seconds round) override {
    std::size_t requests = 0;
    const auto start = bench::now();
    run_coroutine([&]() -> asio::awaitable<void> {
      do {
        check_page(co_await zoom::phone::list_user_call_logs(client_, "me", kParams), records_);
        ++requests;
      } while (bench::now() - start < round);
    });
    return bench::Seconds{bench::now() - start}.count() * 1e6 / static_cast<double>(requests);
  }
  std::size_t connections() const override { return client_.connections_opened(); }

 private:
  void run_coroutine(std::function<asio::awaitable<void>()> body) {
    std::exception_ptr failure;
    asio::co_spawn(io_, body(), [&](std::exception_ptr e) { failure = e; });
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
  }

  asio::io_context io_;
  zoom::Client client_;
  std::size_t records_;
};

// (b) The baseline: Beast on one keep-alive connection, the same request, the same decode.
// (d) The same with room for 64 KiB in its read buffer up front: a default flat_buffer reads at
// most what it has room for (about 1 KiB here), so a large body takes hundreds of reads.
template <class Stream>
class BeastClient : public BenchClient {
 public:
  BeastClient(const Target& target, std::size_t records, std::size_t reserve_read_buffer = 0) : records_(records) {
    buffer_.reserve(reserve_read_buffer);
    request_ = {http::verb::get, target.path, 11};
    request_.set(http::field::host, target.host_header);
    request_.set(http::field::authorization, "Bearer " + target.token);
    request_.set(http::field::accept, "application/json");
    request_.set(http::field::user_agent, target.user_agent);
    request_.keep_alive(true);
    request_.prepare_payload();

    asio::ip::tcp::resolver resolver{io_};
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      stream_ = std::make_unique<Stream>(io_);
      stream_->connect(resolver.resolve(target.host, target.port));
    } else {
      tls_.set_verify_mode(asio::ssl::verify_peer);
      tls_.add_certificate_authority(asio::buffer(target.ca_pem));
      stream_ = std::make_unique<Stream>(io_, tls_);
      stream_->set_verify_callback(asio::ssl::host_name_verification(target.host));
      beast::get_lowest_layer(*stream_).connect(resolver.resolve(target.host, target.port));
      stream_->handshake(asio::ssl::stream_base::client);
    }
  }

  double run(bench::Seconds round) override {
    std::size_t requests = 0;
    const auto start = bench::now();
    std::exception_ptr failure;
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
          do {
            co_await http::async_write(*stream_, request_, asio::use_awaitable);
            http::response_parser<http::string_body> parser;
            parser.body_limit(64 * 1024 * 1024);
            co_await http::async_read(*stream_, buffer_, parser, asio::use_awaitable);
            if (parser.get().result() != http::status::ok) throw std::runtime_error("Beast: not a 200");
            check_page(zoom::json::decode<CallLogPage>(parser.get().body()), records_);
            ++requests;
          } while (bench::now() - start < round);
        },
        [&](std::exception_ptr e) { failure = e; });
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
    return bench::Seconds{bench::now() - start}.count() * 1e6 / static_cast<double>(requests);
  }
  std::size_t connections() const override { return 1; }  // the one stream, or run() fails

 private:
  asio::io_context io_;
  asio::ssl::context tls_{asio::ssl::context::tls_client};
  std::unique_ptr<Stream> stream_;
  http::request<http::empty_body> request_;
  beast::flat_buffer buffer_;
  std::size_t records_;
};

// (c) libcurl: one easy handle, reused, so its connection is kept alive.
class CurlClient : public BenchClient {
 public:
  CurlClient(const Target& target, std::size_t records) : handle_(curl_easy_init()), records_(records) {
    if (!handle_) throw std::runtime_error("curl_easy_init failed");
    const bool tls = !target.ca_pem.empty();
    url_ = (tls ? "https://" : "http://") + target.host_header + target.path;
    headers_ = curl_slist_append(headers_, ("Authorization: Bearer " + target.token).c_str());
    headers_ = curl_slist_append(headers_, "Accept: application/json");
    set(CURLOPT_URL, url_.c_str());
    set(CURLOPT_HTTPHEADER, headers_);
    set(CURLOPT_USERAGENT, target.user_agent.c_str());
    set(CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1});
    set(CURLOPT_WRITEFUNCTION, &CurlClient::append);
    set(CURLOPT_WRITEDATA, &body_);
    if (tls) {
      curl_blob ca{const_cast<char*>(target.ca_pem.data()), target.ca_pem.size(), CURL_BLOB_COPY};
      set(CURLOPT_CAINFO_BLOB, &ca);
      set(CURLOPT_SSL_VERIFYPEER, 1L);
      set(CURLOPT_SSL_VERIFYHOST, 2L);
    }
  }
  ~CurlClient() override {
    curl_easy_cleanup(handle_);
    curl_slist_free_all(headers_);
  }
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  double run(bench::Seconds round) override {
    std::size_t requests = 0;
    const auto start = bench::now();
    do {
      body_.clear();
      if (const CURLcode code = curl_easy_perform(handle_); code != CURLE_OK)
        throw std::runtime_error(std::string{"curl: "} + curl_easy_strerror(code));
      long status = 0;
      long new_connections = 0;  // opened for this transfer
      curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo(handle_, CURLINFO_NUM_CONNECTS, &new_connections);
      connections_ += static_cast<std::size_t>(new_connections);
      if (status != 200) throw std::runtime_error("curl: not a 200");
      check_page(zoom::json::decode<CallLogPage>(body_), records_);
      ++requests;
    } while (bench::now() - start < round);
    return bench::Seconds{bench::now() - start}.count() * 1e6 / static_cast<double>(requests);
  }
  std::size_t connections() const override { return connections_; }

 private:
  template <class Value>
  void set(CURLoption option, Value value) {
    if (curl_easy_setopt(handle_, option, value) != CURLE_OK) throw std::runtime_error("curl_easy_setopt failed");
  }
  static std::size_t append(char* data, std::size_t size, std::size_t count, void* body) {
    static_cast<std::string*>(body)->append(data, size * count);
    return size * count;
  }

  CURL* handle_;
  curl_slist* headers_ = nullptr;
  std::string url_;
  std::string body_;
  std::size_t records_;
  std::size_t connections_ = 0;
};

}  // namespace

int main(int argc, char** argv) try {
  const bool quick = bench::quick_mode(argc, argv);
  const bench::Seconds round{quick ? 0.1 : 0.5};
  const int rounds = quick ? 3 : 9;
  curl_global_init(CURL_GLOBAL_DEFAULT);

  std::cout << "zoom_bench_request: one call-log request on a loopback keep-alive connection, client side"
            << (quick ? " (quick mode)" : "") << "\n  median of " << rounds << " rounds of " << round.count()
            << " s per client, the clients taking turns; the sandbox on its own thread\n\n";
  bench::Table table{{"transport", "body", "client", "us/request", "vs Beast", "connections"}, 3};
  for (const bool tls : {false, true}) {
    bench::ServerThread server{{.tls = tls}};
    auto& sandbox = server.sandbox();
    const std::string base_url = sandbox.base_url();
    const zoom::Request request = zoom::phone::make_list_user_call_logs_request("me", kParams);
    const Target target{.host = "127.0.0.1",
                        .port = std::to_string(sandbox.port()),
                        .host_header = "127.0.0.1:" + std::to_string(sandbox.port()),
                        .path = request.target("/v2"),
                        .token = sandbox.issue_token(),
                        .ca_pem = sandbox.ca_pem(),
                        .user_agent = zoom::ClientOptions{}.user_agent};

    for (const std::size_t records : {std::size_t{5}, std::size_t{300}}) {
      const std::string body = boost::json::serialize(bench::call_log_page(records));
      sandbox.clear_faults();
      sandbox.inject("/v2/", {.kind = zoom::sandbox::Fault::Kind::respond, .status = 200, .body = body},
                     std::numeric_limits<std::size_t>::max());

      struct Entry {
        std::string name;
        std::unique_ptr<BenchClient> client;
        std::vector<double> us_per_request;
      };
      std::vector<Entry> clients;
      auto beast = [&](std::size_t reserve) -> std::unique_ptr<BenchClient> {
        if (tls) return std::make_unique<BeastClient<beast::ssl_stream<beast::tcp_stream>>>(target, records, reserve);
        return std::make_unique<BeastClient<beast::tcp_stream>>(target, records, reserve);
      };
      clients.push_back({"(a) SDK list_user_call_logs", std::make_unique<SdkClient>(target, base_url, records), {}});
      clients.push_back({"(b) Beast loop (baseline)", beast(0), {}});
      clients.push_back({"(c) libcurl easy handle", std::make_unique<CurlClient>(target, records), {}});
      clients.push_back({"(d) Beast loop, 64 KiB read buffer", beast(64 * 1024), {}});
      for (auto& entry : clients) entry.client->run(bench::Seconds{0});  // connect, handshake, warm up
      for (int r = 0; r < rounds; ++r)
        for (auto& entry : clients) entry.us_per_request.push_back(entry.client->run(round));

      const double baseline = bench::median(clients[1].us_per_request);
      for (const auto& entry : clients) {
        const double us = bench::median(entry.us_per_request);
        table.add({tls ? "HTTPS" : "HTTP", std::to_string(records) + " records, " + std::to_string(body.size() / 1024) + " KB",
                   entry.name, bench::fixed(us), bench::times(us / baseline), std::to_string(entry.client->connections())});
      }
    }
  }
  table.print(std::cout);
  curl_global_cleanup();
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_request: " << e.what() << '\n';
  return 1;
}
