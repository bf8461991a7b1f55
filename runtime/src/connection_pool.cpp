#include "connection_pool.hpp"

#include <boost/asio/use_awaitable.hpp>

namespace zoom::detail {

ConnectionPool::Lease::~Lease() {
  if (pool_) pool_->release(std::move(connection_), keep_);
}

// A slot is a message in a channel whose capacity is the connection limit: sending blocks
// while all slots are taken, and receiving frees one.
ConnectionPool::ConnectionPool(const boost::asio::any_io_executor& executor, std::size_t max_connections)
    : slots_(executor, max_connections == 0 ? 1 : max_connections) {}

boost::asio::awaitable<ConnectionPool::Lease> ConnectionPool::acquire() {
  co_await slots_.async_send(boost::system::error_code{}, boost::asio::use_awaitable);
  std::unique_ptr<Connection> idle;
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      idle = std::move(idle_.back());  // the most recently used: the least likely to be stale
      idle_.pop_back();
    }
  }
  co_return Lease(*this, std::move(idle));
}

void ConnectionPool::drop_idle() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    const std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& connection : idle) connection->close();
}

void ConnectionPool::release(std::unique_ptr<Connection> connection, bool keep) {
  if (connection) {
    if (keep) {
      const std::lock_guard lock(mutex_);
      idle_.push_back(std::move(connection));
    } else {
      connection->close();
    }
  }
  slots_.try_receive([](boost::system::error_code) {});
}

}  // namespace zoom::detail
