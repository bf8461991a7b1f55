// How exported call logs are written: JSON lines as Zoom sent them, RFC 4180 CSV, or a table.
#pragma once

#include "options.hpp"

#include <zoom/phone/models.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace zoom::cli {

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  /// One record: `raw` exactly as received, `log` as decoded.
  virtual void write(const boost::json::object& raw, const phone::CallLog& log) = 0;
  /// Before the first record of a new output (the header of csv and table); not when an export
  /// continues an output from a checkpoint.
  virtual void start() {}
  /// After the last record; `records` counts those of earlier runs too (a table prints it).
  virtual void finish(std::uint64_t records) { (void)records; }
};

std::unique_ptr<RecordWriter> make_writer(Format format, std::ostream& out);

/// The CSV columns: every field of CallLog, nested objects flattened as `accepted_by.name`.
std::vector<std::string> csv_columns();

/// `field` quoted for CSV when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(std::string_view field);

}  // namespace zoom::cli
