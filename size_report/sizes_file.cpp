#include "sizes_file.h"

#include <charconv>
#include <map>
#include <sstream>
#include <stdexcept>

namespace size_report {

std::string write_sizes(const std::vector<BinarySize>& binaries) {
  std::ostringstream out;
  out << "# size-report sizes v1: <binary> file <format> <cpu> <bytes>, then <binary> <kind> <bytes> <part>\n";
  for (const BinarySize& b : binaries) {
    out << b.name << " file " << format_name(b.format) << " " << b.cpu << " " << b.file_bytes << "\n";
    for (const Part& p : b.parts)
      out << b.name << " " << part_kind_name(p.kind) << " " << p.bytes << " " << p.name << "\n";
  }
  return out.str();
}

namespace {

// Splits off the next space-separated field of `rest`.
std::string_view next_field(std::string_view& rest) {
  size_t space = rest.find(' ');
  std::string_view field = rest.substr(0, space);
  rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
  return field;
}

bool parse_count(std::string_view text, uint64_t& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<BinarySize> parse_sizes(const std::string& text, const std::string& source) {
  std::vector<BinarySize> binaries;
  std::map<std::string, size_t, std::less<>> index;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto fail = [&](const std::string& why) {
      throw std::runtime_error(source + ":" + std::to_string(number) + ": " + why);
    };
    if (line.empty() || line[0] == '#') continue;
    std::string_view rest = line;
    std::string_view name = next_field(rest), kind = next_field(rest);
    if (kind == "file") {
      std::string_view format = next_field(rest), cpu = next_field(rest);
      BinarySize b;
      b.name = std::string(name);
      auto f = format_from_name(format);
      if (!f) fail("unknown format \"" + std::string(format) + "\"");
      b.format = *f;
      b.cpu = std::string(cpu);
      if (cpu.empty() || !parse_count(rest, b.file_bytes)) fail("expected: <binary> file <format> <cpu> <bytes>");
      if (!index.emplace(b.name, binaries.size()).second) fail("binary " + b.name + " is listed twice");
      binaries.push_back(std::move(b));
      continue;
    }
    auto part_kind = part_kind_from_name(kind);
    if (!part_kind) fail("expected \"file\", \"segment\", \"section\" or \"linkedit\" after the binary's name");
    auto found = index.find(name);
    if (found == index.end()) fail("part of " + std::string(name) + " before its file line");
    uint64_t bytes = 0;
    if (!parse_count(next_field(rest), bytes) || rest.empty()) fail("expected: <binary> <kind> <bytes> <part name>");
    BinarySize& b = binaries[found->second];
    for (const Part& p : b.parts) {
      if (p.kind == *part_kind && p.name == rest) fail("part " + std::string(rest) + " is listed twice");
    }
    b.parts.push_back({*part_kind, std::string(rest), bytes});
  }
  return binaries;
}

}  // namespace size_report
