#include "comparison.h"

#include <map>

namespace size_report {
namespace {

std::optional<double> percent_of(uint64_t base, int64_t change) {
  if (base == 0) return std::nullopt;
  return 100.0 * static_cast<double>(change) / static_cast<double>(base);
}

// Zero for a binary without a section table (a stripped ELF), where the
// segments already say where the bytes are.
uint64_t outside_sections(const BinarySize* b) {
  if (!b) return 0;
  uint64_t inside = bytes_in_sections(*b);
  return inside != 0 && inside < b->file_bytes ? b->file_bytes - inside : 0;
}

// Parts in the current binary's order, then those only the base had.
std::vector<PartChange> changed_parts(const BinarySize* base, const BinarySize* current) {
  std::vector<PartChange> all;
  auto find = [&](PartKind kind, const std::string& name) -> PartChange* {
    for (PartChange& c : all) {
      if (c.kind == kind && c.name == name) return &c;
    }
    return nullptr;
  };
  if (current) {
    for (const Part& p : current->parts) all.push_back({p.kind, p.name, std::nullopt, p.bytes});
  }
  if (base) {
    for (const Part& p : base->parts) {
      if (PartChange* c = find(p.kind, p.name)) {
        c->base = p.bytes;
      } else {
        all.push_back({p.kind, p.name, p.bytes, std::nullopt});
      }
    }
  }
  std::erase_if(all, [](const PartChange& c) { return c.base == c.current; });
  return all;
}

BinaryChange compare_binary(const std::string& name, const BinarySize* base, const BinarySize* current) {
  const BinarySize& either = current ? *current : *base;
  BinaryChange c;
  c.name = name;
  c.format = either.format;
  c.cpu = either.cpu;
  if (base) c.base = base->file_bytes;
  if (current) c.current = current->file_bytes;
  c.change = static_cast<int64_t>(c.current.value_or(0)) - static_cast<int64_t>(c.base.value_or(0));
  c.status = !base ? Status::kAdded : !current ? Status::kRemoved : c.change ? Status::kChanged : Status::kUnchanged;
  c.percent = base ? percent_of(*c.base, c.change) : std::nullopt;
  c.page_size = page_size(either);
  c.crosses_page_boundary = base && current && pages(*c.base, c.page_size) != pages(*c.current, c.page_size);
  c.parts = changed_parts(base, current);
  c.base_outside_sections = outside_sections(base);
  c.current_outside_sections = outside_sections(current);
  return c;
}

}  // namespace

uint64_t pages(uint64_t bytes, uint64_t page_size) { return bytes / page_size + (bytes % page_size != 0); }

Comparison compare(const std::vector<BinarySize>& base, const std::vector<BinarySize>& current) {
  std::map<std::string, std::pair<const BinarySize*, const BinarySize*>> by_name;
  for (const BinarySize& b : base) by_name[b.name].first = &b;
  for (const BinarySize& b : current) by_name[b.name].second = &b;

  Comparison out{};
  for (const auto& [name, sides] : by_name) {
    out.binaries.push_back(compare_binary(name, sides.first, sides.second));
    out.total.base += sides.first ? sides.first->file_bytes : 0;
    out.total.current += sides.second ? sides.second->file_bytes : 0;
  }
  out.total.change = static_cast<int64_t>(out.total.current) - static_cast<int64_t>(out.total.base);
  out.total.percent = percent_of(out.total.base, out.total.change);
  return out;
}

}  // namespace size_report
