#include "generate.hpp"

#include "model_builder.hpp"
#include "model_tools.hpp"
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
    "usage: zoom-codegen --spec FILE --out DIR [--namespace NS] [selection] [--check] [--strict] [--verbose]\n"
    "       zoom-codegen diff OLD_SPEC NEW_SPEC [selection]\n"
    "\n"
    "Writes the C++ API for an OpenAPI 3.0 or 3.1 spec (JSON, or YAML for .yaml/.yml) into DIR:\n"
    "  DIR/include/<namespace as folders>/models.hpp   the schemas as structs and enums\n"
    "  DIR/include/<namespace as folders>/<tag>.hpp    operations, one header per tag\n"
    "  DIR/include/<namespace as folders>/webhooks.hpp the events of `webhooks` (3.1) or `x-webhooks`\n"
    "  DIR/include/<namespace as folders>/describe/    the models' Boost.Describe annotations\n"
    "  DIR/src/<tag>.cpp                               their definitions\n"
    "  DIR/src/models.cpp                              the JSON tables of the models (<tag>.cpp has those\n"
    "                                                  only its tag uses)\n"
    "  DIR/sources.cmake                               the list of those files\n"
    "\n"
    "  --spec FILE       the OpenAPI file\n"
    "  --out DIR         the output folder; files no longer generated are removed from it\n"
    "  --namespace NS    C++ namespace of the generated API (default zoom::phone)\n"
    "  --include-tag TAG, --include-operation ID, --exclude-tag TAG, --exclude-operation ID\n"
    "                    generate a subset (each repeatable; excludes apply after includes) and only\n"
    "                    the types it uses; an include leaves the webhooks out\n"
    "  --check           write nothing; exit 1 when DIR differs from what would be written\n"
    "  --strict          treat warnings as errors: a construct the generator would degrade to a general\n"
    "                    type (boost::json::value, bytes, zoom::Response) stops it, and nothing is written\n"
    "  --verbose         also list each operation and type generated\n"
    "\n"
    "diff lists what changed in the generated API between two versions of a spec, breaking\n"
    "changes first (removed operations, parameters, fields or enum values, changed types, new\n"
    "required parameters or bodies).\n"
    "\n"
    "Each warning is one line, FILE#POINTER: what was degraded and why; generation goes on.\n"
    "\n"
    "Exit codes: 0 done (diff: nothing breaking), 1 the spec has a problem (--strict: or a warning),\n"
    "(--check) DIR is stale,\n"
    "or (diff) a breaking change; 2 bad usage.\n";

struct Options {
  std::string spec, out, cpp_namespace = "zoom::phone";
  Selection selection;
  std::vector<std::string> diff;  // OLD NEW
  bool check = false;
  bool strict = false;
  bool verbose = false;
};

// One line per operation and per type: what a user of the generated API will call.
void describe(const Model& model, std::ostream& out) {
  for (const Operation& op : model.operations) {
    const std::string method = upper_case(op.method);
    out << "  operation " << op.cpp_name << ": " << method << " " << op.path << ", " << op.parameters.size()
        << " parameters, rate-limit " << op.rate_limit << (op.paging ? ", paged by " + op.paging->token_parameter : "")
        << (op.raw_response ? ", returns the raw response" : "")
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

// `zoom-codegen diff OLD NEW`: exit 1 when a change breaks code written against OLD.
int run_diff(const Options& options, std::ostream& out, std::ostream& err) {
  try {
    const Spec old_spec = load_spec(options.diff[0]);
    const Spec new_spec = load_spec(options.diff[1]);
    Model before = build_model(old_spec);
    Model after = build_model(new_spec);
    select(before, options.selection);
    select(after, options.selection);
    const std::vector<Change> changes = diff(before, after);
    std::size_t breaking = 0;
    for (const Change& change : changes) {
      out << (change.breaking ? "breaking:   " : "compatible: ") << change.what << "\n";
      breaking += change.breaking;
    }
    out << "zoom-codegen: " << changes.size() << " changes, " << breaking << " breaking, from " << old_spec.file
        << " to " << new_spec.file << "\n";
    return breaking ? 1 : 0;
  } catch (const std::exception& e) {
    err << "zoom-codegen: " << e.what() << "\n";
    return 1;
  }
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
    } else if (arg == "--check" || arg == "--verbose" || arg == "--strict") {
      (arg == "--check" ? options.check : arg == "--strict" ? options.strict : options.verbose) = true;
    } else if (arg == "--spec" || arg == "--out" || arg == "--namespace") {
      if (!(v = value())) return 2;
      (arg == "--spec" ? options.spec : arg == "--out" ? options.out : options.cpp_namespace) = *v;
    } else if (arg == "--include-tag" || arg == "--include-operation" || arg == "--exclude-tag" ||
               arg == "--exclude-operation") {
      if (!(v = value())) return 2;
      auto& s = options.selection;
      (arg == "--include-tag"         ? s.include_tags
       : arg == "--include-operation" ? s.include_operations
       : arg == "--exclude-tag"       ? s.exclude_tags
                                      : s.exclude_operations)
          .push_back(*v);
    } else if (i == 0 && arg == "diff") {
      if (i + 2 >= args.size()) {
        err << "zoom-codegen: diff needs OLD_SPEC and NEW_SPEC\n" << kUsage;
        return 2;
      }
      options.diff = {args[i + 1], args[i + 2]};
      i += 2;
    } else {
      err << "zoom-codegen: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  if (!options.diff.empty()) return run_diff(options, out, err);
  if (options.spec.empty() || options.out.empty()) {
    err << "zoom-codegen: --spec and --out are required\n" << kUsage;
    return 2;
  }
  try {
    const Spec spec = load_spec(options.spec);
    Model model = build_model(spec);
    select(model, options.selection);
    for (const std::string& note : model.notes) err << "zoom-codegen: note: " << note << "\n";
    for (const std::string& warning : model.warnings)
      err << "zoom-codegen: " << (options.strict ? "error: " : "warning: ") << warning << "\n";
    if (options.strict && !model.warnings.empty()) {
      err << "zoom-codegen: " << model.warnings.size() << " degraded places in " << spec.file
          << " (--strict): nothing written\n";
      return 1;
    }
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
        << " structs, " << enums << " enums, " << model.warnings.size() << " degraded places from " << spec.file
        << " -> " << options.out << " ("
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
