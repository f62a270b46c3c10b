#include "layouts.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace bench {

namespace {

// A fixed-seed generator, so every run and every machine benchmarks the same manifests.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  template <size_t N>
  const char* pick(const char* const (&items)[N]) { return items[below(N)]; }

 private:
  uint64_t state_;
};

constexpr const char* kOutputBase = "/home/dev/.cache/bazel/_bazel_dev/8c4f1e6b2d9a7035e1f4c8b6a2d0e9f7";
constexpr const char* kWorkspace = "/home/dev/src/monorepo";
constexpr const char* kInterpreterRepo = "rules_python++python+python_3_11_x86_64-unknown-linux-gnu";

constexpr const char* kWords[] = {
    "api",      "app",     "auth",    "backends", "base",     "cache",   "cli",      "client",  "common",
    "compat",   "config",  "core",    "data",     "debug",    "encoding", "events",  "experimental",
    "fixtures", "flags",   "format",  "handlers", "http",     "internal", "io",      "json",    "kernels",
    "linalg",   "lib",     "log",     "models",   "net",      "ops",      "parser",  "platform", "plugins",
    "proto",    "python",  "random",  "registry", "runtime",  "schema",   "server",  "services", "storage",
    "strings",  "sync",    "testing", "tests",    "tools",    "types",    "util",    "v1",       "v2",
    "validation", "vendor", "web",    "workers"};
constexpr const char* kPythonExts[] = {".py", ".py", ".py", ".pyi", ".so", ".json", ".txt", ".pyc"};
constexpr const char* kCcExts[] = {".h", ".h", ".cc", ".inc", ".proto"};
constexpr const char* kPipPackages[] = {
    "absl_py",  "attrs",     "certifi", "charset_normalizer", "click",      "grpcio",   "idna",
    "jax",      "jaxlib",    "jinja2",  "keras",              "markupsafe", "matplotlib", "numpy",
    "packaging", "pandas",   "pillow",  "pluggy",             "protobuf",   "pytest",   "pyyaml",
    "requests", "scipy",     "setuptools", "six",             "tensorflow", "torch",    "typing_extensions",
    "urllib3",  "wheel"};

std::string dirs(Random& r, size_t min_depth, size_t max_depth) {
  std::string out;
  for (size_t depth = min_depth + r.below(max_depth - min_depth + 1); depth > 0; --depth)
    out += std::string(r.pick(kWords)) + "/";
  return out;
}

std::string file_name(Random& r, const char* ext) {
  std::string name = r.pick(kWords);
  if (r.below(2)) name += std::string("_") + r.pick(kWords);
  return name + ext;
}

std::string external(const std::string& key) { return std::string(kOutputBase) + "/external/" + key; }

// One "key value" line of a realistic manifest. The shares follow a py_binary
// with pip dependencies: mostly third-party site-packages, then the
// interpreter's standard library, then C++ and Java toolchain files and the
// main repository's own sources and outputs.
std::string random_line(Random& r) {
  size_t roll = r.below(100);
  std::string key;
  if (roll < 15) {
    std::string rest = dirs(r, 1, 4) + file_name(r, r.pick(kPythonExts));
    key = "_main/" + rest;
    bool generated = r.below(3) == 0;
    return key + " " +
           (generated ? std::string(kOutputBase) + "/execroot/_main/bazel-out/k8-fastbuild/bin/" + rest
                      : std::string(kWorkspace) + "/" + rest);
  }
  if (roll < 20) {
    key = "abseil-cpp+/absl/" + dirs(r, 1, 2) + file_name(r, r.pick(kCcExts));
  } else if (roll < 25) {
    key = "protobuf+/src/google/protobuf/" + dirs(r, 0, 2) + file_name(r, r.pick(kCcExts));
  } else if (roll < 30) {
    key = "rules_java++toolchains+remotejdk21_linux/" + dirs(r, 1, 3) + file_name(r, "");
  } else if (roll < 88) {
    const char* package = r.pick(kPipPackages);
    key = std::string("rules_python++pip+pypi_311_") + package + "/site-packages/" + package + "/" + dirs(r, 0, 4) +
          file_name(r, r.pick(kPythonExts));
  } else {
    key = std::string(kInterpreterRepo) + "/lib/python3.11/" + dirs(r, 0, 3) + file_name(r, r.pick(kPythonExts));
  }
  return key + " " + external(key);
}

std::string key_of(const std::string& line) { return line.substr(0, line.find(' ')); }

// The main repository's mapping as Bazel 8 writes it: "source,apparent,canonical".
std::string repo_mapping_text() {
  std::vector<std::string> lines = {
      ",abseil-cpp,abseil-cpp+",      ",app,_main",       ",bazel_tools,bazel_tools",
      ",protobuf,protobuf+",          ",pypi,rules_python++pip+pypi", ",python_3_11," + std::string(kInterpreterRepo),
      ",rules_java,rules_java+",      ",rules_python,rules_python+",  "protobuf+,abseil-cpp,abseil-cpp+",
      "rules_python+,bazel_skylib,bazel_skylib+", "rules_python+,rules_cc,rules_cc+"};
  for (const char* package : kPipPackages)
    lines.push_back(std::string("rules_python++pip+pypi,pypi_311_") + package + ",rules_python++pip+pypi_311_" + package);
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out.flush()) throw std::runtime_error("cannot write " + path);
}

void make_dirs(const std::string& path) {
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) throw std::runtime_error("cannot create " + prefix);
    if (slash == std::string::npos) return;
  }
}

void symlink_in(const std::string& tree, const std::string& runfile, const std::string& target) {
  std::string link = tree + "/" + runfile;
  make_dirs(link.substr(0, link.rfind('/')));
  unlink(link.c_str());
  if (symlink(target.c_str(), link.c_str()) != 0) throw std::runtime_error("cannot create symlink " + link);
}

// Writes the runfiles directory's symlinks and, with bzlmod, the mapping file.
void write_tree(const std::string& dir, const std::string& target_file, bool repo_mapping, Layout& layout) {
  layout.directory = dir + "/app.runfiles";
  make_dirs(layout.directory);
  symlink_in(layout.directory, kTargetRunfile, target_file);
  if (!repo_mapping) return;
  std::string mapping = dir + "/app.repo_mapping";
  write_file(mapping, repo_mapping_text());
  symlink_in(layout.directory, "_repo_mapping", mapping);
}

}  // namespace

Layout write_manifest_layout(const std::string& dir, const ManifestSpec& spec, const std::string& target_file) {
  Layout layout;
  make_dirs(dir);
  write_tree(dir, target_file, spec.repo_mapping, layout);

  std::vector<std::string> lines;
  lines.push_back(std::string(kTargetRunfile) + " " + target_file);
  if (spec.repo_mapping) lines.push_back("_repo_mapping " + dir + "/app.repo_mapping");
  std::unordered_set<std::string> keys;
  for (const std::string& line : lines) keys.insert(key_of(line));
  Random random(spec.entries);
  while (lines.size() < spec.entries) {
    std::string line = random_line(random);
    if (keys.insert(key_of(line)).second) lines.push_back(std::move(line));
  }
  keys.clear();

  std::string target_line = lines[0];
  if (spec.sorted) {
    // Keys hold no spaces, so sorting whole lines sorts by key bytes.
    std::sort(lines.begin(), lines.end());
  } else {
    for (size_t i = lines.size() - 1; i > 0; --i) std::swap(lines[i], lines[random.below(i + 1)]);
    // As late as in a sorted manifest, so both scan the same share of the file.
    auto at = std::find(lines.begin(), lines.end(), target_line);
    std::iter_swap(at, lines.begin() + static_cast<std::ptrdiff_t>(lines.size() * 9 / 10));
  }

  std::string text;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == target_line) layout.target_line = i;
    text += lines[i];
    text += '\n';
  }
  layout.manifest = dir + "/app.runfiles_manifest";
  write_file(layout.manifest, text);
  std::string inside = layout.directory + "/MANIFEST";
  unlink(inside.c_str());
  if (link(layout.manifest.c_str(), inside.c_str()) != 0) throw std::runtime_error("cannot link " + inside);
  layout.manifest_bytes = text.size();
  layout.entries = lines.size();
  return layout;
}

Layout write_tree_layout(const std::string& dir, const std::string& target_file) {
  Layout layout;
  make_dirs(dir);
  write_tree(dir, target_file, true, layout);
  return layout;
}

}  // namespace bench
