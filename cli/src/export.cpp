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

std::string fingerprint(const Listing& listing, const std::vector<std::string>& owners, Format format,
                        const std::string& base_url) {
  boost::json::array users;
  for (const auto& user : owners) users.emplace_back(user);
  const boost::json::object o{
      {"command", listing.command},
      {"users", users},
      {"query", listing.query},
      {"format", format == Format::csv ? "csv" : format == Format::table ? "table" : "jsonl"},
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

// The pages of every owner's listing in export order, each owner's read by its generated pager
// (its months fetched ahead) once the one before has ended. Positions number the months of all
// owners as one sequence, as the checkpoint saves them.
class ExportPages {
 public:
  ExportPages(Client& client, const Listing& listing, std::size_t concurrency, ChainPosition start)
      : client_(client), listing_(listing), concurrency_(concurrency), position_(std::move(start)) {
    if (position_.segment >= listing_.segments.size()) position_.done = true;
  }

  /// The next page, or empty after the last. Throws what the pagers throw.
  boost::asio::awaitable<std::optional<RawPage>> next() {
    while (!position_.done) {
      if (!owner_pages_) {
        first_ = position_.segment - position_.segment % listing_.months;  // the owner's first segment
        ChainPosition start = position_;
        start.segment -= first_;
        owner_pages_ = listing_.pages(client_, listing_.segments[first_].user,
                                      {.concurrency = concurrency_, .keep_bodies = true}, std::move(start));
      }
      std::optional<RawPage> page = co_await owner_pages_->next();
      if (page) {
        segment_ = first_ + owner_pages_->segment();
        const ChainPosition at = owner_pages_->position();
        move_to(first_ + at.segment, at.page_token, at.delivered_of_page);
        co_return page;
      }
      owner_pages_.reset();  // the owner's listing has ended: on to the next owner
      move_to(first_ + listing_.months, std::nullopt, 0);
    }
    co_return std::nullopt;
  }

  /// Where the export stands: the page `next()` reads next.
  const ChainPosition& position() const noexcept { return position_; }
  /// The segment of the page `next()` returned last.
  std::size_t segment() const noexcept { return segment_; }

 private:
  // Member by member: GCC 12 sees a moved PagePosition temporary as maybe uninitialized in the
  // coroutine frame (-O1 under TSan).
  void move_to(std::size_t segment, const std::optional<std::string>& page_token, std::size_t delivered) {
    position_.segment = segment;
    position_.page_token = page_token;
    position_.delivered_of_page = delivered;
    position_.done = segment >= listing_.segments.size();
  }

  Client& client_;
  const Listing& listing_;
  std::size_t concurrency_;
  ChainPosition position_;
  std::size_t segment_ = position_.segment;
  std::size_t first_ = 0;  // the first segment of the owner owner_pages_ reads
  std::unique_ptr<OwnerPages> owner_pages_;
};

}  // namespace

boost::asio::awaitable<ExportResult> export_records(Client& client, ExportJob job, std::ostream& out,
                                                    std::ostream& notes, ProgressHook on_page) {
  const std::vector<Segment>& segments = job.listing.segments;
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
  const auto writer = make_writer(job.format, sink, job.listing);
  if (!resumed) writer->start();

  ExportResult result;
  result.resumed_records = at.records;
  Progress progress{.records = at.records, .segments = segments.size()};
  std::optional<std::size_t> tracked;  // the listing `progress` describes
  while (true) {
    ExportPages pages(client, job.listing, job.concurrency, at.next);
    try {
      while (auto page = co_await pages.next()) {
        std::size_t count = 0;
        const std::string& owner = segments[pages.segment()].user;
        for (const boost::json::object& record : page->records) {
          if (job.incremental && job.incremental->written_before(owner, record)) continue;
          writer->write(record);
          if (job.incremental) job.incremental->written(owner, record);
          ++count;
        }
        if (tracked != pages.segment()) {
          tracked = pages.segment();
          progress.segment = pages.segment();
          progress.segment_label = segments[pages.segment()].label();
          progress.segment_records = pages.segment() == at.next.segment ? at.records - at.segment_records : 0;
          progress.segment_total = page->total_records;
        }
        at.next = pages.position();
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
        if (job.incremental) job.incremental->page_done();  // before the checkpoint passes this page
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
