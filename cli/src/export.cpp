#include "export.hpp"

#include "checkpoint.hpp"

#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace zoom::cli {

RawCallLogPage decode_raw_page(std::string_view body) {
  const boost::json::value document = json::parse(body);
  phone::CallLogPage page = json::decode<phone::CallLogPage>(document);
  RawCallLogPage out;
  out.next_page_token = page.next_page_token.value_or("");
  out.total_records = page.total_records;
  if (!page.call_logs.empty()) {
    const boost::json::array& raw = document.as_object().at("call_logs").as_array();  // decode checked its shape
    out.call_logs.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i)
      out.call_logs.push_back({raw[i].as_object(), std::move(page.call_logs[i])});
  }
  return out;
}

std::string Segment::label() const {
  if (!from) return user + " (last 24 hours)";
  return user + " " + format_date(*from) + ".." + format_date(*to);
}

std::vector<Segment> plan_segments(const std::vector<std::string>& users, const phone::ListUserCallLogsParams& params) {
  std::vector<Segment> segments;
  for (const std::string& user : users) {
    if (!params.from || !params.to) {
      segments.push_back({user, std::nullopt, std::nullopt});
      continue;
    }
    auto windows = month_windows(*params.from, *params.to);
    for (auto it = windows.rbegin(); it != windows.rend(); ++it) segments.push_back({user, it->first, it->second});
  }
  return segments;
}

std::string fingerprint(const ExportJob& job, const std::string& base_url) {
  const auto& p = job.params;
  boost::json::array users;
  for (const auto& user : job.users) users.emplace_back(user);
  const boost::json::object o{
      {"users", users},
      {"from", p.from ? format_date(*p.from) : ""},
      {"to", p.to ? format_date(*p.to) : ""},
      {"type", p.type.wire()},
      {"phone_number", p.phone_number.value_or("")},
      {"time_type", p.time_type.wire()},
      {"page_size", p.page_size},
      {"format", job.format == Format::csv ? "csv" : job.format == Format::table ? "table" : "jsonl"},
      {"base_url", base_url},
  };
  return boost::json::serialize(o);
}

namespace {

// The output file of an export, cut back to where a checkpoint says the complete part ends.
class OutputFile {
 public:
  OutputFile(std::filesystem::path path, std::optional<std::uint64_t> keep) : path_(std::move(path)) {
    std::error_code error;
    if (keep) {
      const std::uintmax_t size = std::filesystem::file_size(path_, error);
      if (error || size < *keep)
        throw CheckpointMismatch("the output " + path_.string() + " holds " +
                                 (error ? std::string{"nothing"} : std::to_string(size) + " bytes") +
                                 ", less than the " + std::to_string(*keep) +
                                 " bytes the checkpoint says were written: was it moved or changed? Remove the "
                                 "checkpoint to start the export again");
      cut(*keep);
    } else {
      open(std::ios::trunc);
    }
  }

  std::ostream& stream() { return file_; }

  /// Flushes, and returns the size of the file.
  std::uint64_t flush() {
    file_.flush();
    if (!file_) fail();
    std::error_code error;
    const auto size = std::filesystem::file_size(path_, error);
    if (error) fail();
    return size;
  }

  void cut(std::uint64_t size) {
    if (file_.is_open()) file_.close();
    std::error_code error;
    std::filesystem::resize_file(path_, size, error);
    if (error) throw Error("cannot write " + path_.string() + ": " + error.message());
    open(std::ios::app);
  }

 private:
  void open(std::ios::openmode mode) {
    file_.open(path_, std::ios::binary | std::ios::out | mode);
    if (!file_) fail();
  }
  [[noreturn]] void fail() const { throw Error("cannot write " + path_.string() + ": " + std::strerror(errno)); }

  std::filesystem::path path_;
  std::ofstream file_;
};

}  // namespace

boost::asio::awaitable<ExportResult> export_call_logs(Client& client, ExportJob job, std::ostream& out,
                                                      std::ostream& notes, ProgressHook on_page) {
  const std::vector<Segment> segments = plan_segments(job.users, job.params);
  std::optional<CheckpointFile> checkpoint;
  ExportPosition at;
  bool resumed = false;
  if (!job.checkpoint.empty()) {
    checkpoint.emplace(job.checkpoint, job.command);
    if (auto saved = checkpoint->load()) {
      at = *saved;
      resumed = true;
      notes << "zoom-phone: continuing from the checkpoint " << job.checkpoint << ": " << at.records
            << " records already in " << job.output << '\n';
    }
  }
  std::optional<OutputFile> file;
  if (!job.output.empty()) file.emplace(job.output, resumed ? std::optional{at.bytes} : std::nullopt);
  std::ostream& sink = file ? file->stream() : out;
  const auto writer = make_writer(job.format, sink);
  if (!resumed) writer->start();

  ExportResult result;
  result.resumed_records = at.records;
  const phone::ListUserCallLogsParams params = job.params;
  auto make_segment = [&client, segments, params](std::size_t index, PagePosition start) {
    phone::ListUserCallLogsParams window = params;
    window.from = segments[index].from;
    window.to = segments[index].to;
    auto request = [user = segments[index].user, window](const std::optional<std::string>& token) mutable {
      window.next_page_token = token;
      return phone::make_list_user_call_logs_request(user, window);
    };
    return Pages<RawCallLogPage>(client, std::move(request), &decode_raw_page, std::move(start));
  };

  Progress progress{.records = at.records, .segments = segments.size()};
  std::optional<std::size_t> tracked;  // the listing `progress` describes
  while (true) {
    Chain<RawCallLogPage> chain(segments.size(), make_segment, {.concurrency = job.concurrency}, at.next);
    try {
      while (auto page = co_await chain.next()) {
        for (const RawCallLog& record : page->call_logs) writer->write(record.raw, record.log);
        const std::size_t count = page->call_logs.size();
        if (tracked != chain.segment()) {
          tracked = chain.segment();
          progress.segment = chain.segment();
          progress.segment_label = segments[chain.segment()].label();
          progress.segment_records = chain.segment() == at.next.segment ? at.records - at.segment_records : 0;
          progress.segment_total = page->total_records;
        }
        at.next = chain.position();
        at.records += count;
        at.bytes = file ? file->flush() : 0;
        if (!file) {
          sink.flush();
          if (!sink) throw Error("cannot write the output: " + std::string{std::strerror(errno)});
        }
        if (!at.next.page_token) {  // a listing ended: the next one starts here
          at.segment_records = at.records;
          at.segment_bytes = at.bytes;
        }
        if (checkpoint) checkpoint->save(at);
        ++result.pages;
        progress.records = at.records;
        progress.records_this_run += count;
        progress.pages_this_run = result.pages;
        progress.segment_records += count;
        if (on_page) on_page(progress);
      }
      break;
    } catch (const PageTokenExpired&) {
      // The page token of a listing expired (a checkpoint older than 15 minutes, or a month fetched
      // ahead that waited too long): read that listing again from its start, after cutting the
      // output back to where it began, so that no record is written twice.
      if (!file || !at.next.page_token || result.restarted_segments >= segments.size()) throw;
      notes << "zoom-phone: the page token of " << segments[at.next.segment].label()
            << " expired; reading that listing again from its start\n";
      file->cut(at.segment_bytes);
      at = ExportPosition{.next = {.segment = at.next.segment},
                          .records = at.segment_records,
                          .bytes = at.segment_bytes,
                          .segment_records = at.segment_records,
                          .segment_bytes = at.segment_bytes};
      if (checkpoint) checkpoint->save(at);
      ++result.restarted_segments;
      progress.records = at.records;
      tracked.reset();
    }
  }
  writer->finish(at.records);
  if (file) file->flush();
  else sink.flush();
  if (checkpoint) checkpoint->remove();
  result.records = at.records;
  co_return result;
}

}  // namespace zoom::cli
