// Keep-alive connections to one server, at most `max_connections` open at once; a request
// beyond that waits for a connection to come back. Safe to use from several threads.
#pragma once

#include "connection.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace zoom::detail {

class ConnectionPool {
 public:
  /// The right to use one connection slot; gives the slot back when destroyed, with the
  /// connection when the exchange left it reusable (`keep`), else closing it.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> idle) : pool_(&pool), connection_(std::move(idle)) {}
    Lease(Lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    /// The idle connection handed out with the slot; null when a new one must be opened.
    std::unique_ptr<Connection>& connection() { return connection_; }
    /// The connection goes back to the pool for the next request.
    void keep() { keep_ = true; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
    bool keep_ = false;
  };

  ConnectionPool(const boost::asio::any_io_executor& executor, std::size_t max_connections);

  /// Waits for a free slot.
  boost::asio::awaitable<Lease> acquire();
  /// Closes every idle connection (they have all outlived the server's keep-alive).
  void drop_idle();

 private:
  void release(std::unique_ptr<Connection> connection, bool keep);

  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> slots_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace zoom::detail
