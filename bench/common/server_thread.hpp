// An in-process sandbox on a thread of its own, so that the client's CPU time is what a
// benchmark compares, not the server's.
#pragma once

#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <thread>
#include <utility>

namespace zoom::bench {

class ServerThread {
 public:
  explicit ServerThread(zoom::sandbox::Options options)
      : work_(io_.get_executor()), sandbox_(io_.get_executor(), std::move(options)) {
    sandbox_.start();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    sandbox_.stop();
    work_.reset();
    thread_.join();
  }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  zoom::sandbox::Sandbox& sandbox() { return sandbox_; }

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  zoom::sandbox::Sandbox sandbox_;
  std::thread thread_;
};

}  // namespace zoom::bench
