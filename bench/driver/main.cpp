// `make bench`: how long a launch through runfiles-stub takes, next to the
// cheapest possible exec-based launcher (the exec floor) and to the bash
// wrapper that rules generate today. Prints a Markdown table on stdout.
//
// Every figure is the median and the minimum of many spawn/exec/wait launches
// of one run, also given as a ratio to the exec floor of that run: on a shared
// machine the median carries the others' load, the minimum is the launch
// itself. The manifests are what bzlmod-era Bazel writes, a _repo_mapping
// entry included; rows without it show the WORKSPACE-era case, where the
// launcher also reads the manifest to the end to learn that it has none.
//
// Usage: runfiles-bench OUT_DIR   (OUT_DIR holds the built templates, finalizer
// and bench programs; the runfiles are generated under OUT_DIR/bench/data.)
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <stdexcept>

#include "launch.h"
#include "layouts.h"

namespace bench {
namespace {

// The machine is shared, so no row gets more than its time budget, and the
// rows take turns within every round so that load from others hits all alike.
constexpr double kRowBudgetUs = 8e6;
constexpr size_t kMaxSamples = 2000, kMinSamples = 20, kWarmups = 3;

// The rows that the targets are about.
enum class Goal { kNone, kSmallManifest, kLargeManifest, kUnsorted, kWithoutMapping };

struct Row {
  std::string label;
  std::string runfiles;   // what the launch goes through
  Launch launch;
  uint64_t manifest_bytes = 0;
  bool traced = true;     // counts system calls and memory up to the target's exec
  size_t every = 1;       // takes part in every n-th round
  std::vector<double> samples;
  Launch::Trace trace;
  Goal goal = Goal::kNone;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
double minimum(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

std::string fixed(double value, int decimals) {
  char buf[64];
  snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string size_text(uint64_t bytes) {
  if (bytes < (1u << 20)) return fixed(static_cast<double>(bytes) / 1024, 1) + " KiB";
  return fixed(static_cast<double>(bytes) / (1 << 20), 0) + " MiB";
}

std::string count_text(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += "\u202f";
    out += digits[i];
  }
  return out;
}

// "1 000 000 entries, sorted, 210 MiB, target at 88 %"
std::string describe(const Layout& layout, const char* how) {
  return count_text(layout.entries) + " entries, " + how + ", " + size_text(layout.manifest_bytes) + ", target at " +
         std::to_string(layout.target_line * 100 / layout.entries) + " %";
}

std::string absolute(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (!real) throw std::runtime_error("cannot find " + path + " (run `make bench`)");
  std::string out = real;
  free(real);
  return out;
}

void run_or_throw(std::vector<std::string> argv) { Launch(std::move(argv), {}).time(); }

// The wrapper a bash-based rule writes: rlocation's manifest lookup from
// runfiles.bash (grep for the key, cut off the value), then exec.
void write_bash_wrapper(const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  out << "#!/usr/bin/env bash\n"
         "set -euo pipefail\n"
         "target=\"$(grep -m1 \"^" << kTargetRunfile << " \" \"$RUNFILES_MANIFEST_FILE\" | cut -d' ' -f2-)\"\n"
         "exec \"$target\" \"$@\"\n";
  out.close();
  chmod(path.c_str(), 0755);
}

std::vector<Row> make_rows(const std::string& out_dir) {
  std::string bench_dir = absolute(out_dir + "/bench");
  std::string noop = absolute(bench_dir + "/noop"), floor = absolute(bench_dir + "/exec_floor");
  std::string data = bench_dir + "/data";
  mkdir(data.c_str(), 0755);

  std::string launcher = data + "/app";
  run_or_throw({absolute(out_dir + "/finalize-stub"), "--template", absolute(out_dir + "/runfiles-stub-x86_64-linux"),
                "-o", launcher, "--transform", "0", "--", kTargetRunfile});
  std::string wrapper = data + "/app.sh";
  write_bash_wrapper(wrapper);

  auto layout = [&](const std::string& name, ManifestSpec spec) {
    std::cerr << "writing " << name << "\n";
    return write_manifest_layout(data + "/" + name, spec, noop);
  };
  std::vector<Layout> sorted;
  for (size_t entries : {10, 1000, 100000, 1000000})
    sorted.push_back(layout("sorted-" + std::to_string(entries), {entries, true, true}));
  Layout plain_small = layout("workspace-10", {10, true, false});
  Layout plain_large = layout("workspace-1000000", {1000000, true, false});
  Layout unsorted = layout("unsorted-1000000", {1000000, false, true});
  Layout tree = write_tree_layout(data + "/tree", noop);

  std::vector<Row> rows;
  auto add = [&](std::string label, std::string runfiles, const std::string& program, const char* variable,
                 const std::string& value, uint64_t manifest_bytes) {
    std::vector<std::string> env = {"PATH=/usr/bin:/bin", "HOME=/home/dev", "USER=dev", "LANG=C.UTF-8",
                                    "SHELL=/bin/bash", "TERM=xterm-256color"};
    if (variable) env.push_back(std::string(variable) + "=" + value);
    std::vector<std::string> argv = {program};
    if (program == floor) argv.push_back(noop);
    rows.push_back({std::move(label), std::move(runfiles), Launch(std::move(argv), std::move(env)), manifest_bytes,
                    true, 1, {}, {}, Goal::kNone});
  };
  add("exec floor", "none", floor, nullptr, "", 0);
  add("no-op target, direct", "none", noop, nullptr, "", 0);
  rows.back().traced = false;
  for (const Layout& l : sorted) {
    add("launcher, manifest", describe(l, "sorted"), launcher, "RUNFILES_MANIFEST_FILE", l.manifest, l.manifest_bytes);
    if (&l == &sorted.front()) rows.back().goal = Goal::kSmallManifest;
    if (&l == &sorted.back()) rows.back().goal = Goal::kLargeManifest;
  }
  for (const Layout& l : {plain_small, plain_large})
    add("launcher, manifest", describe(l, "sorted, no _repo_mapping"), launcher, "RUNFILES_MANIFEST_FILE", l.manifest,
        l.manifest_bytes);
  rows.back().goal = Goal::kWithoutMapping;
  add("launcher, manifest", describe(unsorted, "unsorted"), launcher, "RUNFILES_MANIFEST_FILE", unsorted.manifest,
      unsorted.manifest_bytes);
  rows.back().goal = Goal::kUnsorted;
  for (const Layout& l : sorted)
    add("launcher, runfiles directory", "MANIFEST of " + describe(l, "sorted"), launcher, "RUNFILES_DIR", l.directory,
        l.manifest_bytes);
  add("launcher, runfiles directory", "symlinks only, no MANIFEST", launcher, "RUNFILES_DIR", tree.directory, 0);
  for (const Layout& l : {sorted.front(), sorted.back()})
    add("bash wrapper (grep)", describe(l, "sorted"), wrapper, "RUNFILES_MANIFEST_FILE", l.manifest, l.manifest_bytes);
  return rows;
}

// Times every row, the rows in a new order each round. A row whose single
// launch is slow takes part in fewer rounds, spread over the whole run.
void measure(std::vector<Row>& rows, const std::string& target) {
  std::cerr << "tracing system calls and memory\n";
  for (Row& row : rows) {
    for (size_t i = 0; i < kWarmups; ++i) row.samples.push_back(row.launch.time());
    if (row.traced) row.trace = row.launch.trace(target);
  }
  for (Row& row : rows) {
    size_t wanted = std::clamp(static_cast<size_t>(kRowBudgetUs / minimum(row.samples)), kMinSamples, kMaxSamples);
    row.every = (kMaxSamples + wanted - 1) / wanted;
    row.samples.clear();
  }
  std::cerr << "timing " << kMaxSamples << " rounds\n";
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  uint64_t state = 1;
  for (size_t round = 0; round < kMaxSamples; ++round) {
    for (size_t i = order.size() - 1; i > 0; --i) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      std::swap(order[i], order[(state >> 33) % (i + 1)]);
    }
    for (size_t k : order)
      if (round % rows[k].every == 0) rows[k].samples.push_back(rows[k].launch.time());
  }
}

// Bytes per second of manifest read by a launch, beyond the floor.
std::string throughput(const Row& row, double launch_us, double floor_us) {
  return fixed(static_cast<double>(row.manifest_bytes) / ((launch_us - floor_us) * 1e3), 2) + " GB/s";
}

std::string verdict(bool met) { return met ? "met" : "**missed**"; }

void report(const std::vector<Row>& rows) {
  const Row& floor = rows[0];
  double floor_med = median(floor.samples), floor_min = minimum(floor.samples);
  std::cout << "| launch | runfiles | runs | median µs | median × floor | min µs | min × floor | syscalls to exec "
               "| peak RSS KiB (anon) |\n|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const Row& row : rows) {
    double med = median(row.samples), min = minimum(row.samples);
    std::cout << "| " << row.label << " | " << row.runfiles << " | " << row.samples.size() << " | " << fixed(med, 0)
              << " | " << fixed(med / floor_med, 2) << " | " << fixed(min, 0) << " | " << fixed(min / floor_min, 2)
              << " | " << (row.traced ? std::to_string(row.trace.syscalls) : "—") << " | "
              << (row.traced ? std::to_string(row.trace.peak_rss_kib) + " (" + std::to_string(row.trace.anon_rss_kib) + ")"
                             : "—")
              << " |\n";
  }

  auto find = [&](Goal goal) -> const Row& {
    return *std::find_if(rows.begin(), rows.end(), [&](const Row& row) { return row.goal == goal; });
  };
  const Row& small = find(Goal::kSmallManifest);
  const Row& large = find(Goal::kLargeManifest);
  const Row& unsorted = find(Goal::kUnsorted);
  const Row& workspace = find(Goal::kWithoutMapping);
  auto ratios = [&](const Row& row, double limit) {
    double med = median(row.samples) / floor_med, min = minimum(row.samples) / floor_min;
    return fixed(med, 2) + "× median, " + fixed(min, 2) + "× min (limit " + fixed(limit, 2) + "×): median " +
           verdict(med <= limit) + ", min " + verdict(min <= limit);
  };
  auto scan = [&](const Row& row) {
    std::string med = throughput(row, median(row.samples), floor_med), min = throughput(row, minimum(row.samples), floor_min);
    double best = static_cast<double>(row.manifest_bytes) / ((minimum(row.samples) - floor_min) * 1e3);
    return med + " from medians, " + min + " from minimums (limit 2 GB/s): " + verdict(best >= 2);
  };
  int most_syscalls = 0;
  for (const Row& row : rows)
    if (row.label == "launcher, manifest") most_syscalls = std::max(most_syscalls, row.trace.syscalls);

  std::cout << "\nExec floor: median " << fixed(floor_med, 0) << " µs, min " << fixed(floor_min, 0)
            << " µs per spawn/exec/exec/wait.\n\nTargets:\n"
            << "- 10-entry manifest: " << ratios(small, 1.10) << "\n"
            << "- 1 000 000-entry sorted manifest: " << ratios(large, 1.5) << "\n"
            << "- unsorted 1 000 000 entries, manifest bytes / (launch − floor): " << scan(unsorted) << "\n"
            << "  (the same for the sorted manifest without _repo_mapping, which is also read to the end: "
            << throughput(workspace, median(workspace.samples), floor_med) << " / "
            << throughput(workspace, minimum(workspace.samples), floor_min) << ")\n"
            << "- system calls from start to exec in manifest mode: at most " << most_syscalls << " (limit 6): "
            << verdict(most_syscalls <= 6) << "\n\nSystem calls per launch:\n";
  std::vector<std::string> seen;
  for (const Row& row : rows) {
    if (!row.traced || row.label.rfind("launcher", 0) != 0) continue;
    std::string calls;
    for (const std::string& name : row.trace.names) calls += (calls.empty() ? "" : " ") + name;
    std::string line = "- " + row.label + ", " + row.runfiles.substr(0, row.runfiles.find(", target")) + ": " + calls;
    if (std::find(seen.begin(), seen.end(), line) == seen.end()) seen.push_back(line);
  }
  for (const std::string& line : seen) std::cout << line << "\n";
  std::cout << "\nSyscalls count everything from the launched program's start up to and including the execve of "
               "the target; for the bash wrapper that includes its grep and cut children. Peak RSS is the "
               "launching image's VmHWM at that execve: its own pages plus the pages of mapped files it touched "
               "(shared page cache); anon is the private part.\n";
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " OUT_DIR\n";
    return 2;
  }
  try {
    std::vector<Row> rows = make_rows(argv[1]);
    measure(rows, absolute(std::string(argv[1]) + "/bench/noop"));
    report(rows);
  } catch (const std::exception& e) {
    std::cerr << "runfiles-bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
