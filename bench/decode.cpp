// zoom_bench_decode: decoding a 300-record call-log page (~450 KB) into zoom::phone::CallLogPage,
// by the SDK and by the alternatives a user has, on five shapes of the same data. The baseline is
// Boost.JSON's DOM parse alone (a reused parser on a monotonic buffer): what any DOM-based
// decoder pays before it converts a single field.
#include "call_log_page.hpp"
#include "harness.hpp"
#include "nlohmann_support.hpp"
#include "value_to_support.hpp"

#include <zoom/json.hpp>
#include <zoom/phone/call_logs.hpp>
#include <zoom/phone/describe/call_logs.hpp>

#include <boost/describe/members.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/mp11/algorithm.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <algorithm>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using zoom::phone::CallLogPage;
namespace bench = zoom::bench;

constexpr std::size_t kRecords = 300;

// ---- The inputs: one page, five ways ----

void pretty_print(const boost::json::value& v, std::string& out, int depth) {
  const auto indent = [&](int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); };
  if (const auto* object = v.if_object(); object && !object->empty()) {
    out += "{\n";
    std::size_t i = 0;
    for (const auto& entry : *object) {
      indent(depth + 1);
      out += boost::json::serialize(boost::json::string(entry.key())) + ": ";
      pretty_print(entry.value(), out, depth + 1);
      out += ++i < object->size() ? ",\n" : "\n";
    }
    indent(depth);
    out += '}';
  } else if (const auto* array = v.if_array(); array && !array->empty()) {
    out += "[\n";
    for (std::size_t i = 0; i < array->size(); ++i) {
      indent(depth + 1);
      pretty_print((*array)[i], out, depth + 1);
      out += i + 1 < array->size() ? ",\n" : "\n";
    }
    indent(depth);
    out += ']';
  } else {
    out += boost::json::serialize(v);
  }
}

// Every object's keys in a deterministic random order (JSON objects are unordered).
boost::json::value shuffle_keys(const boost::json::value& v, std::mt19937& rng) {
  if (const auto* array = v.if_array()) {
    boost::json::array out;
    for (const auto& element : *array) out.push_back(shuffle_keys(element, rng));
    return out;
  }
  const auto* object = v.if_object();
  if (!object) return v;
  std::vector<const boost::json::key_value_pair*> entries;
  for (const auto& entry : *object) entries.push_back(&entry);
  std::shuffle(entries.begin(), entries.end(), rng);
  boost::json::object out;
  for (const auto* entry : entries) out.emplace(entry->key(), shuffle_keys(entry->value(), rng));
  return out;
}

// Fields Zoom may add tomorrow: a scalar, an array and a nested object on ~10% of the records,
// and one key on each object nested in those records.
boost::json::value add_unknown_keys(boost::json::value page, std::mt19937& rng) {
  std::bernoulli_distribution pick(0.1);
  for (auto& record : page.at("call_logs").as_array()) {
    if (!pick(rng)) continue;
    auto& object = record.as_object();
    for (auto& entry : object)
      if (entry.value().is_object()) entry.value().as_object().emplace("x_region", "us-west-2");
    object.emplace("x_sentiment_score", 0.83);
    object.emplace("x_tags", boost::json::array{"escalated", "vip", 3});
    object.emplace("x_transcript", boost::json::object{{"language", "en-US"}, {"words", 412}, {"ready", true}});
  }
  return page;
}

// Sparse records: each optional key of a record (every key but `id`) dropped with chance 1/2.
boost::json::value drop_optionals(boost::json::value page, std::mt19937& rng) {
  std::bernoulli_distribution drop(0.5);
  for (auto& record : page.at("call_logs").as_array()) {
    boost::json::object kept;
    for (const auto& entry : record.as_object())
      if (entry.key() == "id" || !drop(rng)) kept.emplace(entry.key(), entry.value());
    record = std::move(kept);
  }
  return page;
}

// The only shape stock value_to accepts: every described member present (null when empty) and
// no other key.
template <class T>
boost::json::value complete(const T& model);

template <class T>
boost::json::value complete_value(const T& field) {
  if constexpr (boost::describe::has_describe_members<T>::value) {
    return complete(field);
  } else if constexpr (requires { field.has_value(); *field; }) {  // std::optional
    return field ? complete_value(*field) : boost::json::value{};
  } else if constexpr (requires { field.begin(); field.size(); typename T::value_type; } &&
                       !std::is_same_v<T, std::string>) {
    boost::json::array array;
    for (const auto& element : field) array.push_back(complete_value(element));
    return array;
  } else {
    return zoom::json::to_value(field);
  }
}

template <class T>
boost::json::value complete(const T& model) {
  boost::json::object object;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
      [&](auto member) { object.emplace(member.name, complete_value(model.*member.pointer)); });
  return object;
}

struct Input {
  std::string name;
  std::string text;
};

std::vector<Input> make_inputs() {
  const boost::json::value page = bench::call_log_page(kRecords);
  std::mt19937 rng{20261127};
  std::string pretty;
  pretty_print(page, pretty, 0);
  const auto model = zoom::json::decode<CallLogPage>(boost::json::serialize(page), {.strict = true});
  return {
      {"minified", boost::json::serialize(page)},
      {"pretty-printed", std::move(pretty)},
      {"shuffled keys", boost::json::serialize(shuffle_keys(page, rng))},
      {"10% unknown keys", boost::json::serialize(add_unknown_keys(page, rng))},
      {"missing optionals", boost::json::serialize(drop_optionals(page, rng))},
      {"all keys, no unknown", boost::json::serialize(complete(model))},
  };
}

// ---- The decoders ----

struct Decoder {
  std::string name;
  // Decodes the text; empty when this decoder does not accept it.
  std::function<std::optional<CallLogPage>(std::string_view)> decode;
  bool is_baseline = false;
};

// (c): the DOM alone, with the allocation cost taken out as far as Boost.JSON allows.
class DomParseOnly {
 public:
  DomParseOnly() : buffer_(std::make_unique<unsigned char[]>(kBufferSize)), resource_(buffer_.get(), kBufferSize) {}

  std::size_t parse(std::string_view text) {
    resource_.release();
    parser_.reset(boost::json::storage_ptr{&resource_});
    parser_.write(text.data(), text.size());
    const boost::json::value value = parser_.release();
    return value.as_object().size();
  }

 private:
  static constexpr std::size_t kBufferSize = 8 * 1024 * 1024;  // a page's DOM fits: no malloc
  std::unique_ptr<unsigned char[]> buffer_;
  boost::json::monotonic_resource resource_;
  boost::json::parser parser_;
};

std::vector<Decoder> make_decoders(DomParseOnly& dom) {
  return {
      {"(a) SDK decode(text)", [](std::string_view text) { return zoom::json::decode<CallLogPage>(text); }},
      {"(b) SDK decode(text), strict",
       [](std::string_view text) { return zoom::json::decode<CallLogPage>(text, {.strict = true}); }},
      {"(c) Boost.JSON parse only",
       [&dom](std::string_view text) {
         bench::keep(dom.parse(text));
         return std::optional<CallLogPage>{CallLogPage{}};
       },
       true},
      {"(d) Boost.JSON parse + value_to",
       [](std::string_view text) -> std::optional<CallLogPage> {
         auto result = boost::json::try_value_to<CallLogPage>(boost::json::parse(text));
         if (!result) return std::nullopt;
         return std::move(*result);
       }},
      {"(e) nlohmann parse + from_json",
       [](std::string_view text) {
         CallLogPage page;
         zoom::bench::nlohmann_conversion::read(nlohmann::json::parse(text), page);
         return std::optional<CallLogPage>{std::move(page)};
       }},
  };
}

}  // namespace

int main(int argc, char** argv) try {
  const bool quick = bench::quick_mode(argc, argv);
  const bench::Seconds round_time{quick ? 0.02 : 0.2};
  const int rounds = quick ? 3 : 9;

  const std::vector<Input> inputs = make_inputs();
  DomParseOnly dom;
  const std::vector<Decoder> decoders = make_decoders(dom);

  std::cout << "zoom_bench_decode: a " << kRecords << "-record call-log page into zoom::phone::CallLogPage"
            << (quick ? " (quick mode)" : "") << "\n";
  for (const Input& input : inputs) std::cout << "  input " << input.name << ": " << input.text.size() << " bytes\n";
  std::cout << "  median of " << rounds << " rounds of " << round_time.count()
            << " s per decoder, the decoders taking turns\n\n";

  bench::Table table{{"input", "decoder", "MB/s", "time vs (c)", "allocs/record"}, 2};
  for (const Input& input : inputs) {
    // Every decoder that accepts the input must give what the SDK's strict decoder gives.
    const CallLogPage expected = zoom::json::decode<CallLogPage>(input.text, {.strict = true});
    struct Result {
      bool accepted = false;
      std::vector<double> seconds;  // per call, one per round
      double allocs_per_record = 0;
    };
    std::vector<Result> results(decoders.size());
    for (std::size_t i = 0; i < decoders.size(); ++i) {
      const Decoder& decoder = decoders[i];
      const auto allocations_before = bench::allocations();
      const std::optional<CallLogPage> result = decoder.decode(input.text);
      results[i].allocs_per_record =
          static_cast<double>(bench::allocations() - allocations_before) / static_cast<double>(kRecords);
      if (!result) continue;
      if (!decoder.is_baseline && *result != expected)
        throw std::runtime_error(decoder.name + " decodes '" + input.name + "' differently from the SDK's strict decoder");
      results[i].accepted = true;
    }
    // The decoders take turns round by round, so that a neighbour's load falls on all of them.
    for (int round = 0; round < rounds; ++round)
      for (std::size_t i = 0; i < decoders.size(); ++i)
        if (results[i].accepted)
          results[i].seconds.push_back(bench::seconds_per_call(
              [&] { bench::keep(decoders[i].decode(input.text)->call_logs.size()); }, round_time));
    const auto baseline = std::find_if(decoders.begin(), decoders.end(), [](const Decoder& d) { return d.is_baseline; });
    const double baseline_seconds = bench::median(results[static_cast<std::size_t>(baseline - decoders.begin())].seconds);
    for (std::size_t i = 0; i < decoders.size(); ++i) {
      if (!results[i].accepted) {
        table.add({input.name, decoders[i].name, "rejects", "-", "-"});
        continue;
      }
      const double seconds = bench::median(results[i].seconds);
      table.add({input.name, decoders[i].name, bench::fixed(static_cast<double>(input.text.size()) / seconds / 1e6),
                 bench::times(seconds / baseline_seconds), bench::fixed(results[i].allocs_per_record)});
    }
  }
  table.print(std::cout);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "zoom_bench_decode: " << e.what() << '\n';
  return 1;
}
