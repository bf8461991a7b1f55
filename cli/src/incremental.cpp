#include "incremental.hpp"

#include "export.hpp"
#include "listing.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace zoom::cli {
namespace {

// What identifies a record across runs: its owner's listing (a user's records are that user's
// view) and its id; without an id, its call id and time; without either, all of it.
std::string key_of(const std::string& owner, const boost::json::object& record, const std::string& time_field) {
  const auto text = [&](std::string_view field) -> std::string {
    const auto* value = record.if_contains(field);
    return value && value->is_string() ? std::string{value->get_string()} : std::string{};
  };
  if (std::string id = text("id"); !id.empty()) return owner + '/' + id;
  if (std::string call = text("call_id"); !call.empty()) return owner + "/call:" + call + '@' + text(time_field);
  return owner + "/record:" + boost::json::serialize(record);
}

}  // namespace

IncrementalRun::IncrementalRun(StateFile file, std::chrono::seconds look_back, std::string time_field)
    : file_(std::move(file)), look_back_(look_back), time_field_(std::move(time_field)) {}

std::pair<DateOrTime, DateOrTime> IncrementalRun::begin(const std::optional<DateOrTime>& from,
                                                        const std::optional<DateOrTime>& to, DateTime now) {
  state_ = file_.load().value_or(ExportState{});
  continued_ = state_.pending_until.has_value();
  if (!continued_) {
    // Never past now: a record that ends later must be read by the next run, not skipped.
    const DateTime present = std::chrono::floor<std::chrono::seconds>(now);
    state_.pending_until = to ? std::min(window_end(*to), present) : present;
    state_.pending.clear();
  }
  until_ = *state_.pending_until;
  if (state_.exported_until && until_ < *state_.exported_until)
    throw std::invalid_argument("--to " + format_date_time(until_) + " is before the end of the last run, " +
                                format_date_time(*state_.exported_until) + ": an incremental export only moves on");
  DateOrTime start;
  if (state_.exported_until) start = *state_.exported_until - look_back_;
  else if (from) start = *from;
  else throw std::invalid_argument("the first run of an incremental export (--state) needs --from");
  if (window_end(DateOrTime{until_}) < window_start(start))
    throw std::invalid_argument("--to is before --from: the run would read nothing");
  return {start, DateOrTime{until_}};
}

bool IncrementalRun::written_before(const std::string& owner, const boost::json::object& record) const {
  return state_.recent.count(key_of(owner, record, time_field_)) > 0;
}

void IncrementalRun::written(const std::string& owner, const boost::json::object& record) {
  // A record without a readable time is kept as if it were the newest: never written twice.
  std::optional<DateTime> time;
  if (const auto* field = record.if_contains(time_field_); field && field->is_string())
    time = parse_date_time(field->get_string());
  const DateTime when = time.value_or(until_);
  if (when < until_ - look_back_) return;  // outside the next run's look-back
  dirty_ = state_.pending.emplace(key_of(owner, record, time_field_), when).second || dirty_;
}

void IncrementalRun::page_done() {
  // The first page makes the run pending (its window is kept for a rerun); later ones save only
  // what changed. Before then nothing is written, so a run that fails at once leaves no trace.
  if (saved_ && !dirty_) return;
  file_.save(state_);
  saved_ = true;
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
  set_range(first, options.history.from, std::nullopt);  // the same for every listing
  const Listing listing = make_listing(first);
  // The look-back is part of the command: a longer one would re-read records whose ids the state
  // no longer holds.
  const std::string command = fingerprint(listing, options.users, options.format, server) + " look-back " +
                              std::to_string(options.look_back.count()) + "s";
  return IncrementalRun(StateFile(options.state, command), options.look_back, listing.time_field);
}

Options with_run_window(const Options& options, IncrementalRun& run, DateTime now) {
  const bool history = options.command == Command::call_history;
  const auto [from, to] = run.begin(history ? options.history.from : options.logs.from,
                                    history ? options.history.to : options.logs.to, now);
  Options window = options;
  set_range(window, from, to);
  return window;
}

}  // namespace zoom::cli
