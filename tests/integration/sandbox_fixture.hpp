// A sandbox on loopback and a client pointed at it, on one io_context driven by the test.
#pragma once

#include "run_io.hpp"

#include <zoom/client.hpp>
#include <zoom/observe.hpp>
#include <zoom/sandbox/sandbox.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

namespace zoom::test {

/// The sandbox's "now" in tests: fixed, so the data and the windows below never move.
inline std::chrono::system_clock::time_point sandbox_now() {
  using namespace std::chrono;
  return sys_days{2026y / November / 15} + 12h;
}

inline sandbox::Options sandbox_options(bool tls) {
  sandbox::Options options;
  options.tls = tls;
  options.clock = [] { return sandbox_now(); };
  return options;
}

/// Server-to-Server OAuth against `server`, trusting its CA (plain http:// allowed: loopback).
inline ClientOptions client_options_for(const sandbox::Sandbox& server) {
  ClientOptions options;
  const auto& credentials = server.credentials();
  options.credentials = ServerToServerOAuth{credentials.account_id, credentials.client_id, credentials.client_secret};
  options.base_url = server.base_url();
  options.oauth_url = server.oauth_url();
  options.allow_plain_http = true;
  options.extra_ca_pem = server.ca_pem();
  return options;
}

// Every event the hook saw, thread-safe.
struct Events {
  std::mutex mutex;
  std::vector<AttemptEvent> all;

  AttemptHook hook() {
    return [this](const AttemptEvent& event) {
      const std::lock_guard lock(mutex);
      all.push_back(event);
    };
  }
  std::vector<AttemptEvent> of_kind(AttemptEvent::Kind kind) {
    const std::lock_guard lock(mutex);
    std::vector<AttemptEvent> out;
    for (const auto& event : all)
      if (event.kind == kind) out.push_back(event);
    return out;
  }
  std::vector<AttemptEvent> requests() { return of_kind(AttemptEvent::Kind::request); }
};

// Retries after 1-5 ms instead of seconds.
inline ClientOptions fast_retries(ClientOptions options, Events* events = nullptr) {
  options.retry.initial_delay = std::chrono::milliseconds{1};
  options.retry.max_delay = std::chrono::milliseconds{5};
  options.retry.max_retry_after = std::chrono::milliseconds{1000};
  if (events) options.on_attempt = events->hook();
  return options;
}

struct SandboxFixture {
  explicit SandboxFixture(bool tls = false) : SandboxFixture(sandbox_options(tls)) {}
  explicit SandboxFixture(sandbox::Options options) : server(io.get_executor(), std::move(options)) { server.start(); }

  /// Server-to-Server OAuth against the sandbox, trusting its CA.
  ClientOptions client_options() const { return client_options_for(server); }

  /// Runs `task` to completion on the io_context (the sandbox keeps serving meanwhile) and
  /// returns its result or rethrows its exception.
  template <class T>
  T run(boost::asio::awaitable<T> task) {
    return run_io(io, std::move(task));
  }

  boost::asio::io_context io;
  sandbox::Sandbox server;
};

}  // namespace zoom::test
