#include <zoom/pages.hpp>

namespace zoom::detail {

void rethrow_page_error(std::exception_ptr error, bool had_token) {
  try {
    std::rethrow_exception(error);
  } catch (const ApiError& e) {
    // Zoom answers 400 with code 300 (or 400) for a page token that is invalid or has expired.
    const bool token_rejected = had_token && e.status() == 400 && (e.code() == 300 || e.code() == 400) &&
                                e.message().find("token") != std::string::npos;
    if (!token_rejected) throw;
    throw PageTokenExpired(e.details(), std::string{e.what()} +
                                            " (page tokens expire 15 minutes after they are issued: start the listing "
                                            "again from its first page)");
  }
}

void paging_loop(const std::string& what) {
  throw PagingLoop("paging stopped: " + what + "; the listing would never end");
}

}  // namespace zoom::detail
