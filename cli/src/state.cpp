#include "state.hpp"

#include "atomic_file.hpp"

#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <charconv>

namespace zoom::cli {
namespace {

constexpr std::string_view kFormat = "zoom-phone state 1";

boost::json::value time_value(const std::optional<DateTime>& time) {
  return time ? boost::json::value(format_date_time(*time)) : boost::json::value(nullptr);
}

std::optional<DateTime> time_of(const boost::json::value& value) {
  if (value.is_null()) return std::nullopt;
  const auto time = parse_date_time(value.as_string());
  if (!time) throw std::invalid_argument("time");
  return time;
}

DateTime required_time(const boost::json::value& value) {
  const auto time = time_of(value);
  if (!time) throw std::invalid_argument("time");
  return *time;
}

}  // namespace

StateFile::StateFile(std::filesystem::path path, std::string command)
    : path_(std::move(path)), command_(std::move(command)) {}

std::optional<ExportState> StateFile::load() const {
  std::optional<std::string> text;
  try {
    text = read_whole_file(path_, "the state file");
  } catch (const Error& e) {
    throw StateMismatch(std::string{e.what()} + " (nothing was exported)");
  }
  if (!text) return std::nullopt;
  ExportState state;
  try {
    const boost::json::object o = json::parse(*text).as_object();
    if (o.at("format").as_string() != kFormat) throw std::invalid_argument("format");
    if (o.at("command").as_string() != command_)
      throw StateMismatch("the state file " + path_.string() + " belongs to another export (" +
                          std::string{o.at("command").as_string()} +
                          "); give each export its own state file (only --to may change between runs)");
    state.exported_until = time_of(o.at("exported_until"));
    state.pending_until = time_of(o.at("pending_until"));
    for (const auto& [id, time] : o.at("recent").as_object()) state.recent.emplace(std::string{id}, required_time(time));
    for (const auto& [id, time] : o.at("pending").as_object()) state.pending.emplace(std::string{id}, required_time(time));
  } catch (const StateMismatch&) {
    throw;
  } catch (const std::exception&) {
    throw StateMismatch("the state file " + path_.string() +
                        " is not a zoom-phone state file (or is damaged); nothing was exported. Removing it starts "
                        "again from --from, writing again what earlier runs wrote");
  }
  return state;
}

void StateFile::save(const ExportState& state) const {
  boost::json::object recent, pending;
  for (const auto& [id, time] : state.recent) recent[id] = format_date_time(time);
  for (const auto& [id, time] : state.pending) pending[id] = format_date_time(time);
  const boost::json::object o{
      {"format", kFormat},
      {"command", command_},
      {"exported_until", time_value(state.exported_until)},
      {"pending_until", time_value(state.pending_until)},
      {"recent", std::move(recent)},
      {"pending", std::move(pending)},
  };
  write_atomically(path_, boost::json::serialize(o) + '\n', "the state file");
}

void forget_before(ExportState& state, DateTime cut) {
  std::erase_if(state.recent, [cut](const auto& entry) { return entry.second < cut; });
  std::erase_if(state.pending, [cut](const auto& entry) { return entry.second < cut; });
}

std::optional<std::chrono::seconds> parse_look_back(std::string_view text) {
  if (text == "0") return std::chrono::seconds{0};
  if (text.size() < 2) return std::nullopt;
  long long count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, count);
  if (ec != std::errc{} || end != text.data() + text.size() - 1 || count < 0 || count > 24 * 31) return std::nullopt;
  switch (text.back()) {
    case 'd': return std::chrono::days{count};
    case 'h': return std::chrono::hours{count};
    case 'm': return std::chrono::minutes{count};
    default: return std::nullopt;
  }
}

}  // namespace zoom::cli
