#include "checkpoint.hpp"

#include "atomic_file.hpp"
#include "export.hpp"

#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>


namespace zoom::cli {
namespace {

constexpr std::string_view kFormat = "zoom-phone checkpoint 1";

std::uint64_t number(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64() || v->get_int64() < 0) throw std::invalid_argument(std::string{key});
  return static_cast<std::uint64_t>(v->get_int64());
}

}  // namespace

CheckpointFile::CheckpointFile(std::filesystem::path path, std::string command)
    : path_(std::move(path)), command_(std::move(command)) {}

std::optional<ExportPosition> CheckpointFile::load() const {
  std::optional<std::string> text;
  try {
    text = read_whole_file(path_, "the checkpoint");
  } catch (const Error& e) {
    throw CheckpointMismatch(e.what());
  }
  if (!text) return std::nullopt;
  const std::string unusable = "the checkpoint " + path_.string() + " is not a zoom-phone checkpoint";
  ExportPosition position;
  try {
    const boost::json::object o = json::parse(*text).as_object();
    if (o.at("format").as_string() != kFormat) throw std::invalid_argument("format");
    if (o.at("command").as_string() != command_)
      throw CheckpointMismatch("the checkpoint " + path_.string() + " belongs to another export (" +
                               std::string{o.at("command").as_string()} + "); run that command to finish it, or "
                               "remove the checkpoint to start this one");
    position.next.segment = number(o, "segment");
    if (const auto& token = o.at("page_token"); token.is_string()) position.next.page_token = std::string{token.get_string()};
    position.records = number(o, "records");
    position.bytes = number(o, "bytes");
    position.segment_records = number(o, "segment_records");
    position.segment_bytes = number(o, "segment_bytes");
    if (position.segment_bytes > position.bytes || position.segment_records > position.records)
      throw std::invalid_argument("segment");
  } catch (const CheckpointMismatch&) {
    throw;
  } catch (const std::exception&) {
    throw CheckpointMismatch(unusable + " (or is damaged); remove it to start the export again");
  }
  return position;
}

void CheckpointFile::save(const ExportPosition& position) const {
  const boost::json::object o{
      {"format", kFormat},
      {"command", command_},
      {"segment", position.next.segment},
      {"page_token", position.next.page_token ? boost::json::value(*position.next.page_token) : boost::json::value(nullptr)},
      {"records", position.records},
      {"bytes", position.bytes},
      {"segment_records", position.segment_records},
      {"segment_bytes", position.segment_bytes},
  };
  write_atomically(path_, boost::json::serialize(o) + '\n', "the checkpoint");
}

void CheckpointFile::remove() const {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace zoom::cli
