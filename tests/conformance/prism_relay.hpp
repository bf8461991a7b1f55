// A relay on loopback between zoom-phone and Prism: it forwards each request to Prism, keeps the
// body of each answer as Prism sent it, and (Paging::first_page_only) ends every listing on the
// page it relays by blanking that page's `next_page_token`.
//
// Why: Prism's --dynamic answers with a `next_page_token` on every page (with a --seed, the same
// one each time), so an export against it never reaches a last page, and zoom-phone has no option
// to read only some pages. Ending the listing here leaves the records untouched, and the bodies
// kept here are what the export must have written, whether or not Prism repeats itself.
// Served by a thread of its own, so that the test can wait for a child process meanwhile.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zoom::test {

class PrismRelay {
 public:
  enum class Paging {
    as_sent,          ///< every answer relayed unchanged
    first_page_only,  ///< a 2xx JSON page's `next_page_token` relayed as "": the listing ends there
  };

  /// Relays to the server at 127.0.0.1:`upstream_port`.
  PrismRelay(unsigned short upstream_port, Paging paging)
      : upstream_({boost::asio::ip::make_address("127.0.0.1"), upstream_port}),
        paging_(paging),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(io_, accept(), boost::asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~PrismRelay() {
    io_.stop();
    thread_.join();
  }
  PrismRelay(const PrismRelay&) = delete;
  PrismRelay& operator=(const PrismRelay&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

  /// The body of every answer Prism gave, in order, as Prism sent it (before any change here).
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  boost::asio::awaitable<void> accept() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(boost::asio::use_awaitable);
      boost::asio::co_spawn(io_, serve(boost::beast::tcp_stream(std::move(socket))), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(boost::beast::tcp_stream client) {
    boost::beast::flat_buffer buffer;
    try {
      for (;;) {
        Request request;
        co_await boost::beast::http::async_read(client, buffer, request, boost::asio::use_awaitable);
        Response response = co_await forward(request);
        response.keep_alive(request.keep_alive());
        co_await boost::beast::http::async_write(client, response, boost::asio::use_awaitable);
        if (!request.keep_alive()) co_return;
      }
    } catch (const std::exception&) {
      // the client closed the connection, or Prism failed (the client sees its connection close)
    }
  }

  // One request to Prism on a connection of its own, and its answer as the relay passes it on.
  boost::asio::awaitable<Response> forward(Request request) {
    boost::beast::tcp_stream prism(io_);
    co_await prism.async_connect(upstream_, boost::asio::use_awaitable);
    request.keep_alive(false);
    co_await boost::beast::http::async_write(prism, request, boost::asio::use_awaitable);
    boost::beast::flat_buffer buffer;
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);  // 300 records of --dynamic data are well over Beast's 1 MiB default
    co_await boost::beast::http::async_read(prism, buffer, parser, boost::asio::use_awaitable);
    Response response = parser.release();
    {
      std::lock_guard lock(mutex_);
      bodies_.push_back(response.body());
    }
    if (paging_ == Paging::first_page_only && response.result_int() / 100 == 2) {
      boost::system::error_code not_json;
      boost::json::value page = boost::json::parse(response.body(), not_json);
      if (auto* object = page.if_object(); !not_json && object && object->contains("next_page_token")) {
        (*object)["next_page_token"] = "";
        response.body() = boost::json::serialize(page);
      }
    }
    response.prepare_payload();  // the length of the body relayed (and no chunked encoding)
    co_return response;
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::endpoint upstream_;
  Paging paging_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> bodies_;
};

}  // namespace zoom::test
