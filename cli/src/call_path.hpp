// `zoom-phone call-path ID...`: the path of each call (the legs it went through), one call after
// another.
#pragma once

#include "options.hpp"

#include <zoom/client.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace zoom::cli {

/// Writes the legs of each call of `ids`, in order: `jsonl`, each leg as Zoom sent it (one line
/// each), or `table`. A csv format is written as jsonl. Returns how many legs were written. Throws
/// what the client throws (an unknown id is zoom::ApiError 404) and zoom::DecodeError.
boost::asio::awaitable<std::size_t> write_call_paths(Client& client, std::vector<std::string> ids, Format format,
                                                     std::ostream& out);

}  // namespace zoom::cli
