// A loopback HTTP server that answers each request with the next scripted raw bytes: for the
// responses the sandbox never gives (empty or HTML error bodies, a response cut short).
#pragma once

#include <zoom/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <deque>
#include <string>
#include <vector>

namespace zoom::test {

class RawServer {
 public:
  struct Reply {
    std::string bytes;        // written as is
    bool close_after = false; // then close the connection
  };

  explicit RawServer(boost::asio::io_context& io) : acceptor_(io, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(io, accept(), boost::asio::detached);
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }
  /// `options` for a client of this server: its URL with `/v2`, plain http allowed, a bearer token.
  zoom::ClientOptions client_options(zoom::ClientOptions options = {}) const {
    options.base_url = base_url() + "/v2";
    options.allow_plain_http = true;
    options.credentials = zoom::BearerToken{"secret-token-123"};
    return options;
  }
  void script(Reply reply) { replies_.push_back(std::move(reply)); }
  std::size_t connections() const { return connections_; }
  const std::vector<std::string>& targets() const { return targets_; }
  /// Every request as received (method, target, headers, body).
  const std::vector<boost::beast::http::request<boost::beast::http::string_body>>& requests() const { return requests_; }

  static std::string response(int status, const std::string& content_type, const std::string& body,
                              const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " Status\r\n" +
           (content_type.empty() ? "" : "Content-Type: " + content_type + "\r\n") + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

 private:
  boost::asio::awaitable<void> accept() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(boost::asio::use_awaitable);
      ++connections_;
      boost::asio::co_spawn(acceptor_.get_executor(), serve(std::move(socket)), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    try {
      for (;;) {
        boost::beast::http::request_parser<boost::beast::http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);  // uploads of a few MiB (Beast's default is 1 MiB)
        co_await boost::beast::http::async_read(socket, buffer, parser, boost::asio::use_awaitable);
        auto request = parser.release();
        targets_.emplace_back(request.target());
        requests_.push_back(std::move(request));
        if (replies_.empty()) co_return;
        const Reply reply = replies_.front();
        replies_.pop_front();
        co_await boost::asio::async_write(socket, boost::asio::buffer(reply.bytes), boost::asio::use_awaitable);
        if (reply.close_after) co_return;
      }
    } catch (const std::exception&) {
      // the client went away: nothing to do
    }
  }

  boost::asio::ip::tcp::acceptor acceptor_;
  std::deque<Reply> replies_;
  std::size_t connections_ = 0;
  std::vector<std::string> targets_;
  std::vector<boost::beast::http::request<boost::beast::http::string_body>> requests_;
};

}  // namespace zoom::test
