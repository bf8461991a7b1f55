// Zoom serves a date-ranged listing at most one month per request: a long range is cut into
// calendar months (month_windows) and read as a chain of monthly listings (by_month).
#pragma once

#include <zoom/chain.hpp>
#include <zoom/time.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace zoom {

/// [from, to] cut at calendar-month boundaries, oldest first: each window lies within one month,
/// as Zoom's date-ranged listings require. Empty when `to` is before `from`.
std::vector<std::pair<Date, Date>> month_windows(Date from, Date to);

/// The first instant a window's start stands for: a date at 00:00:00 UTC, an instant as it is.
DateTime window_start(const DateOrTime& bound);
/// The last instant a window's end stands for: a date at 23:59:59 UTC, an instant as it is.
DateTime window_end(const DateOrTime& bound);

/// The windows of a range whose bounds may be dates or instants, oldest first, each within one
/// calendar month (UTC). Two dates give date windows, as above. Otherwise every bound is taken as an
/// instant (a date `from` at 00:00:00, a date `to` at 23:59:59) and the windows are instants that
/// end at the last second of their month. Empty when `to` is before `from`.
std::vector<std::pair<DateOrTime, DateOrTime>> month_windows(DateOrTime from, DateOrTime to);

/// The months by_month reads [from, to] in, in its order: newest first (month_windows reversed).
/// Empty when `to` is before `from`.
template <class Bound>
std::vector<std::pair<Bound, Bound>> newest_months_first(const Bound& from, const Bound& to) {
  std::vector<std::pair<Bound, Bound>> windows = month_windows(from, to);
  std::reverse(windows.begin(), windows.end());
  return windows;
}

/// A date-ranged listing over any span: Zoom serves at most one month per request, so the range
/// (the members of `params` that `from` and `to` point to: zoom::Date or zoom::DateOrTime) is cut at
/// calendar months (month_windows) and the months are chained newest first, as Zoom orders the
/// records within each. Without a range (either bound empty), the one listing Zoom gives for no
/// range; with `to` before `from`, no listing at all (nothing is sent). `pages_for(window_params,
/// start)` makes one month's pager. Sends nothing itself.
template <PagedModel Page, class Params, class Bound>
Chain<Page> by_month(Params params, std::optional<Bound> Params::*from, std::optional<Bound> Params::*to,
                     std::function<Pages<Page>(Params window, PagePosition start)> pages_for, ChainOptions options,
                     ChainPosition start) {
  std::vector<std::pair<Bound, Bound>> windows;
  if (params.*from && params.*to) windows = newest_months_first(*(params.*from), *(params.*to));
  const std::size_t count = params.*from && params.*to ? windows.size() : 1;
  auto make = [params = std::move(params), from, to, windows = std::move(windows), pages_for = std::move(pages_for)](
                  std::size_t segment, PagePosition at) {
    Params window = params;
    if (!windows.empty()) {
      window.*from = windows[segment].first;
      window.*to = windows[segment].second;
    }
    return pages_for(std::move(window), std::move(at));
  };
  return Chain<Page>(count, std::move(make), options, std::move(start));
}

}  // namespace zoom
