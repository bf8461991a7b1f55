#include "output.hpp"

#include <zoom/json.hpp>

#include <boost/json/serialize.hpp>

#include <iomanip>

namespace zoom::cli {
namespace {

template <class T>
struct unwrap {
  using type = T;
};
template <class T>
struct unwrap<std::optional<T>> {
  using type = T;
};

// The column names of T's fields, recursing into nested models.
template <class T>
void add_columns(const std::string& prefix, std::vector<std::string>& out) {
  constexpr auto names = json::detail::json_names<T>();
  std::size_t i = 0;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto member) {
    using Field = typename unwrap<std::remove_cvref_t<decltype(std::declval<T&>().*member.pointer)>>::type;
    const std::string name = prefix + std::string{names[i++]};
    if constexpr (json::Described<Field>) add_columns<Field>(name + ".", out);
    else out.push_back(name);
  });
}

// The value at a dotted column path of a raw record, as CSV text; empty when absent or null.
std::string column_value(const boost::json::object& record, std::string_view column) {
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
  void write(const boost::json::object& raw, const phone::CallLog&) override { out_ << boost::json::serialize(raw) << '\n'; }

 private:
  std::ostream& out_;
};

class CsvWriter final : public RecordWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out), columns_(csv_columns()) {}
  void start() override {
    write_row([&](std::size_t i) { return columns_[i]; });
  }
  void write(const boost::json::object& raw, const phone::CallLog&) override {
    write_row([&](std::size_t i) { return column_value(raw, columns_[i]); });
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
  explicit TableWriter(std::ostream& out) : out_(out) {}
  void start() override {
    out_ << std::left << std::setw(22) << "start (UTC)" << std::setw(10) << "direction" << std::setw(18) << "from"
         << std::setw(18) << "to" << std::right << std::setw(8) << "seconds" << "  " << "result" << '\n';
  }
  void write(const boost::json::object&, const phone::CallLog& log) override {
    const auto text = [](const std::optional<std::string>& s, std::size_t width) {
      std::string out = s.value_or("");
      if (out.size() >= width) out = out.substr(0, width - 2) + "~";
      return out;
    };
    out_ << std::left << std::setw(22) << (log.date_time ? format_date_time(*log.date_time) : "")
         << std::setw(10) << (log.direction ? log.direction->wire() : "")
         << std::setw(18) << text(log.caller_number, 18) << std::setw(18) << text(log.callee_number, 18) << std::right
         << std::setw(8) << (log.duration ? std::to_string(*log.duration) : "") << "  " << log.result.value_or("")
         << '\n';
  }
  void finish(std::uint64_t records) override { out_ << records << (records == 1 ? " call\n" : " calls\n"); }

 private:
  std::ostream& out_;
};

}  // namespace

std::vector<std::string> csv_columns() {
  std::vector<std::string> columns;
  add_columns<phone::CallLog>("", columns);
  return columns;
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

std::unique_ptr<RecordWriter> make_writer(Format format, std::ostream& out) {
  switch (format) {
    case Format::csv: return std::make_unique<CsvWriter>(out);
    case Format::table: return std::make_unique<TableWriter>(out);
    case Format::jsonl: break;
  }
  return std::make_unique<JsonLinesWriter>(out);
}

}  // namespace zoom::cli
