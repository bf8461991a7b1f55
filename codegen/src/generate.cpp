#include "generate.hpp"

#include "model_builder.hpp"
#include "names.hpp"
#include "spec.hpp"

#include <cctype>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

namespace zoom::codegen {
namespace {

constexpr const char* kUsage =
    "usage: zoom-codegen --spec FILE --out DIR [--namespace NS] [--check] [--verbose]\n"
    "\n"
    "Writes the C++ API for an OpenAPI 3.0 spec (JSON) into DIR:\n"
    "  DIR/include/<namespace as folders>/models.hpp   the schemas as described structs and enums\n"
    "  DIR/include/<namespace as folders>/<tag>.hpp    operations, one header per tag\n"
    "  DIR/src/<tag>.cpp                               their definitions\n"
    "  DIR/sources.cmake                               the list of those files\n"
    "\n"
    "  --spec FILE       the OpenAPI file\n"
    "  --out DIR         the output folder; files no longer generated are removed from it\n"
    "  --namespace NS    C++ namespace of the generated API (default zoom::phone)\n"
    "  --check           write nothing; exit 1 when DIR differs from what would be written\n"
    "  --verbose         also list each operation and type generated\n"
    "\n"
    "Exit codes: 0 done, 1 the spec has a problem or (--check) DIR is stale, 2 bad usage.\n";

struct Options {
  std::string spec, out, cpp_namespace = "zoom::phone";
  bool check = false;
  bool verbose = false;
};

// One line per operation and per type: what a user of the generated API will call.
void describe(const Model& model, std::ostream& out) {
  for (const Operation& op : model.operations) {
    const std::string method = upper_case(op.method);
    out << "  operation " << op.cpp_name << ": " << method << " " << op.path << ", " << op.parameters.size()
        << " parameters, rate-limit " << op.rate_limit << (op.paging ? ", paged by " + op.paging->token_parameter : "")
        << " (" << op.group << ".hpp)\n";
  }
  for (const auto& [name, type] : model.types) {
    if (const auto* s = std::get_if<StructType>(&type))
      out << "  struct " << name << ": " << s->fields.size() << " fields\n";
    else
      out << "  enum " << name << ": " << std::get<EnumType>(type).values.size() << " values\n";
  }
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files an earlier run wrote into `dir`, from its sources.cmake.
std::set<std::string> previously_generated(const std::filesystem::path& dir) {
  std::set<std::string> files;
  const auto list = read_file(dir / kSourcesList);
  if (!list) return files;
  std::istringstream lines(*list);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  ", 0) == 0 && line.find("..") == std::string::npos) files.insert(line.substr(2));
  files.insert(kSourcesList);
  return files;
}

struct Summary {
  std::vector<std::string> changed, removed;
  std::size_t unchanged = 0;
};

Summary compare_or_write(const GeneratedFiles& files, const std::filesystem::path& dir, bool write) {
  Summary summary;
  for (const std::string& old : previously_generated(dir))
    if (!files.count(old) && std::filesystem::exists(dir / old)) {
      summary.removed.push_back(old);
      if (write) std::filesystem::remove(dir / old);
    }
  for (const auto& [path, content] : files) {
    const std::filesystem::path target = dir / path;
    if (read_file(target) == content) {
      ++summary.unchanged;  // untouched, so nothing that includes it rebuilds
      continue;
    }
    summary.changed.push_back(path);
    if (!write) continue;
    std::filesystem::create_directories(target.parent_path());
    std::ofstream file(target, std::ios::binary | std::ios::trunc);
    file << content;
    if (!file.flush()) throw std::runtime_error(target.string() + ": cannot write the file");
  }
  return summary;
}

}  // namespace

GeneratedFiles generate(const std::filesystem::path& spec_path, const CppOptions& options) {
  const Spec spec = load_spec(spec_path);
  const Model model = build_model(spec);
  return write_cpp(model, options);
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const auto value = [&]() -> std::optional<std::string> {
      if (i + 1 < args.size()) return args[++i];
      err << "zoom-codegen: " << arg << " needs a value\n";
      return std::nullopt;
    };
    std::optional<std::string> v;
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return 0;
    } else if (arg == "--check" || arg == "--verbose") {
      (arg == "--check" ? options.check : options.verbose) = true;
    } else if (arg == "--spec" || arg == "--out" || arg == "--namespace") {
      if (!(v = value())) return 2;
      (arg == "--spec" ? options.spec : arg == "--out" ? options.out : options.cpp_namespace) = *v;
    } else {
      err << "zoom-codegen: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  if (options.spec.empty() || options.out.empty()) {
    err << "zoom-codegen: --spec and --out are required\n" << kUsage;
    return 2;
  }
  try {
    const Spec spec = load_spec(options.spec);
    const Model model = build_model(spec);
    const GeneratedFiles files = write_cpp(model, CppOptions{options.cpp_namespace});
    const Summary summary = compare_or_write(files, options.out, !options.check);
    if (options.check) {
      if (summary.changed.empty() && summary.removed.empty()) return 0;
      err << "zoom-codegen: " << options.out << " is stale for " << options.spec << ":";
      for (const std::string& file : summary.changed) err << " " << file;
      for (const std::string& file : summary.removed) err << " -" << file;
      err << "\n";
      return 1;
    }
    std::size_t enums = 0;
    for (const auto& [name, type] : model.types) enums += std::holds_alternative<EnumType>(type);
    out << "zoom-codegen: " << model.operations.size() << " operations, " << model.types.size() - enums
        << " structs, " << enums << " enums from " << spec.file << " -> " << options.out << " ("
        << summary.changed.size() << " files written, " << summary.unchanged << " unchanged, "
        << summary.removed.size() << " removed)\n";
    if (options.verbose) describe(model, out);
    return 0;
  } catch (const std::exception& e) {
    err << "zoom-codegen: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace zoom::codegen
