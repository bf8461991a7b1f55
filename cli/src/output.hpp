// How exported records are written: JSON lines as Zoom sent them, RFC 4180 CSV, or a table.
#pragma once

#include "listing.hpp"
#include "options.hpp"

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
  /// One record, exactly as received.
  virtual void write(const boost::json::object& record) = 0;
  /// Before the first record of a new output (the header of csv and table); not when an export
  /// continues an output from a checkpoint.
  virtual void start() {}
  /// After the last record; `records` counts those of earlier runs too (a table prints it).
  virtual void finish(std::uint64_t records) { (void)records; }
};

/// A writer of `format`; csv and table take their columns from `listing`.
std::unique_ptr<RecordWriter> make_writer(Format format, std::ostream& out, const Listing& listing);

/// The value at a dotted column path of a record (`accepted_by.name`), as CSV text; empty when
/// absent or null.
std::string column_value(const boost::json::object& record, std::string_view column);

/// `field` quoted for CSV when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(std::string_view field);

}  // namespace zoom::cli
