#include "output.hpp"

#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <iomanip>

namespace zoom::cli {
namespace {

std::string value_at(const boost::json::object& record, std::string_view column) {
  const boost::json::value* value = nullptr;
  const boost::json::object* object = &record;
  while (object) {
    const std::size_t dot = column.find('.');
    value = object->if_contains(column.substr(0, dot));
    if (!value || dot == std::string_view::npos) break;
    object = value->if_object();
    column.remove_prefix(dot + 1);
    value = nullptr;
  }
  if (!value || value->is_null()) return {};
  if (value->is_string()) return std::string{value->get_string()};
  return boost::json::serialize(*value);
}

class JsonLinesWriter final : public RecordWriter {
 public:
  explicit JsonLinesWriter(std::ostream& out) : out_(out) {}
  void write(const boost::json::object& record) override { out_ << boost::json::serialize(record) << '\n'; }

 private:
  std::ostream& out_;
};

class CsvWriter final : public RecordWriter {
 public:
  CsvWriter(std::ostream& out, std::vector<std::string> columns) : out_(out), columns_(std::move(columns)) {}
  void start() override {
    write_row([&](std::size_t i) { return columns_[i]; });
  }
  void write(const boost::json::object& record) override {
    write_row([&](std::size_t i) { return value_at(record, columns_[i]); });
  }

 private:
  template <class Cell>
  void write_row(Cell cell) {
    for (std::size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << csv_field(cell(i));
    out_ << "\r\n";
  }
  std::ostream& out_;
  std::vector<std::string> columns_;
};

class TableWriter final : public RecordWriter {
 public:
  TableWriter(std::ostream& out, std::vector<TableColumn> columns) : out_(out), columns_(std::move(columns)) {}
  void start() override {
    row([](const TableColumn& column) { return column.title; });
  }
  void write(const boost::json::object& record) override {
    row([&](const TableColumn& column) {
      for (const std::string& field : column.fields)
        if (std::string text = value_at(record, field); !text.empty()) return text;
      return std::string{};
    });
  }
  void finish(std::uint64_t records) override { out_ << records << (records == 1 ? " call\n" : " calls\n"); }

 private:
  template <class Cell>
  void row(Cell cell) {
    for (const TableColumn& column : columns_) {
      std::string text = cell(column);
      const auto width = static_cast<std::size_t>(column.width);
      if (width && text.size() >= width) text = text.substr(0, width - 2) + "~";
      if (!width) out_ << text;
      else out_ << (column.right_aligned ? std::right : std::left) << std::setw(column.width) << text;
      if (column.right_aligned) out_ << "  ";
    }
    out_ << '\n';
  }
  std::ostream& out_;
  std::vector<TableColumn> columns_;
};

}  // namespace

std::string column_value(const boost::json::object& record, std::string_view column) {
  return value_at(record, column);
}

std::string csv_field(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string{field};
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::unique_ptr<RecordWriter> make_writer(Format format, std::ostream& out, const Listing& listing) {
  switch (format) {
    case Format::csv: return std::make_unique<CsvWriter>(out, listing.csv_columns);
    case Format::table: return std::make_unique<TableWriter>(out, listing.table);
    case Format::jsonl: break;
  }
  return std::make_unique<JsonLinesWriter>(out);
}

}  // namespace zoom::cli
