#include "measure.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>

#include "byte_view.h"
#include "elf_reader.h"
#include "macho_reader.h"
#include "pe_reader.h"

namespace size_report {
namespace fs = std::filesystem;

namespace {

std::vector<uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return bytes;
}

BinarySize measure_file(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.find_first_of(" \t\r\n") != std::string::npos) {
    throw std::runtime_error(path.string() + ": binary names with whitespace are not supported");
  }
  std::vector<uint8_t> bytes = read_file(path);
  try {
    return measure_bytes(name, bytes);
  } catch (const MalformedBinary& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

bool is_executable_file(const fs::directory_entry& entry) {
  constexpr auto any_execute = fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
  return entry.is_regular_file() && (entry.status().permissions() & any_execute) != fs::perms::none;
}

void measure_directory(const fs::path& directory, std::vector<BinarySize>& out) {
  std::vector<fs::directory_entry> entries(fs::directory_iterator(directory), fs::directory_iterator{});
  std::sort(entries.begin(), entries.end());
  for (const fs::directory_entry& entry : entries) {
    if (!is_executable_file(entry)) continue;
    try {
      out.push_back(measure_file(entry.path()));
    } catch (const std::runtime_error& e) {
      std::cerr << "size-report: skipping " << e.what() << "\n";
    }
  }
}

}  // namespace

BinarySize measure_bytes(std::string name, std::span<const uint8_t> bytes) {
  BinarySize size;
  if (looks_like_elf(bytes)) {
    size = read_elf(bytes);
  } else if (looks_like_macho(bytes)) {
    size = read_macho(bytes);
  } else if (looks_like_pe(bytes)) {
    size = read_pe(bytes);
  } else {
    throw MalformedBinary("not an ELF, Mach-O or PE file");
  }
  size.name = std::move(name);
  return size;
}

std::vector<BinarySize> measure_paths(const std::vector<fs::path>& paths) {
  std::vector<BinarySize> out;
  for (const fs::path& path : paths) {
    if (fs::is_directory(path)) {
      measure_directory(path, out);
    } else {
      out.push_back(measure_file(path));
    }
  }
  std::sort(out.begin(), out.end(), [](const BinarySize& a, const BinarySize& b) { return a.name < b.name; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].name == out[i - 1].name) throw std::runtime_error("two binaries are named " + out[i].name);
  }
  return out;
}

}  // namespace size_report
