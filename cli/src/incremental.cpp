#include "incremental.hpp"

#include "export.hpp"
#include "listing.hpp"

#include <stdexcept>

namespace zoom::cli {
namespace {

// The instant a bound stands for: a date `from` at its first second, a date `to` at its last.
DateTime instant(const DateOrTime& bound, bool end) {
  if (const auto* time = std::get_if<DateTime>(&bound)) return *time;
  const DateTime midnight{std::chrono::sys_days{std::get<Date>(bound)}};
  return end ? midnight + std::chrono::days{1} - std::chrono::seconds{1} : midnight;
}

std::string id_of(const boost::json::object& record) {
  const auto* id = record.if_contains("id");
  return id && id->is_string() ? std::string{id->get_string()} : std::string{};
}

}  // namespace

IncrementalRun::IncrementalRun(StateFile file, std::chrono::seconds look_back, std::string time_field)
    : file_(std::move(file)), look_back_(look_back), time_field_(std::move(time_field)) {}

std::pair<DateOrTime, DateOrTime> IncrementalRun::begin(const std::optional<DateOrTime>& from,
                                                        const std::optional<DateOrTime>& to, DateTime now) {
  state_ = file_.load().value_or(ExportState{});
  continued_ = state_.pending_until.has_value();
  if (!continued_) {
    state_.pending_until = to ? instant(*to, true) : std::chrono::floor<std::chrono::seconds>(now);
    state_.pending.clear();
  }
  until_ = *state_.pending_until;
  DateOrTime start;
  if (state_.exported_until) start = *state_.exported_until - look_back_;
  else if (from) start = *from;
  else throw std::invalid_argument("the first run of an incremental export (--state) needs --from");
  file_.save(state_);
  return {start, DateOrTime{until_}};
}

bool IncrementalRun::written_before(const boost::json::object& record) const {
  const std::string id = id_of(record);
  return !id.empty() && state_.recent.count(id);
}

void IncrementalRun::written(const boost::json::object& record) {
  const std::string id = id_of(record);
  if (id.empty()) return;
  // A record without a readable time is kept as if it were the newest: never written twice.
  std::optional<DateTime> time;
  if (const auto* field = record.if_contains(time_field_); field && field->is_string())
    time = parse_date_time(field->get_string());
  const DateTime when = time.value_or(until_);
  if (when < until_ - look_back_) return;  // outside the next run's look-back
  dirty_ = state_.pending.emplace(id, when).second || dirty_;
}

void IncrementalRun::page_done() {
  if (!dirty_) return;
  file_.save(state_);
  dirty_ = false;
}

void IncrementalRun::finish() {
  state_.recent.merge(state_.pending);
  state_.pending.clear();
  state_.exported_until = until_;
  state_.pending_until.reset();
  forget_before(state_, until_ - look_back_);
  file_.save(state_);
}

IncrementalRun incremental_run(const Options& options, const std::string& server) {
  Options first = options;
  first.history.to = first.logs.to = std::nullopt;
  const Listing listing = make_listing(first);
  return IncrementalRun(StateFile(options.state, fingerprint(listing, options.users, options.format, server)),
                        options.look_back, listing.time_field);
}

Options with_run_window(const Options& options, IncrementalRun& run, DateTime now) {
  const bool history = options.command == Command::call_history;
  const auto [from, to] = run.begin(history ? options.history.from : options.logs.from,
                                    history ? options.history.to : options.logs.to, now);
  Options window = options;
  window.history.from = window.logs.from = from;
  window.history.to = window.logs.to = to;
  return window;
}

}  // namespace zoom::cli
