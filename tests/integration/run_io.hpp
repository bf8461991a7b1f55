// Runs one coroutine to completion on an io_context the test drives (whatever else is queued on
// it keeps running meanwhile), and returns its result or rethrows its exception.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>

namespace zoom::test {

template <class T>
T run_io(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  std::optional<T> result;
  std::exception_ptr error;
  bool done = false;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result.emplace(std::move(value));
    done = true;
  });
  if (io.stopped()) io.restart();  // it ran out of work after an earlier task
  while (!done) io.run_one();
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

inline void run_io(boost::asio::io_context& io, boost::asio::awaitable<void> task) {
  std::exception_ptr error;
  bool done = false;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  if (io.stopped()) io.restart();
  while (!done) io.run_one();
  if (error) std::rethrow_exception(error);
}

}  // namespace zoom::test
