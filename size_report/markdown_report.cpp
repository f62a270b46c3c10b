#include "markdown_report.h"

#include <sstream>

#include "number_format.h"

namespace size_report {

namespace {

std::string side(const std::optional<uint64_t>& bytes) { return bytes ? grouped(*bytes) : "–"; }

std::string percent_cell(const BinaryChange& c) {
  switch (c.status) {
    case Status::kAdded: return "new";
    case Status::kRemoved: return "removed";
    default: return c.percent ? signed_percent(*c.percent) : "–";  // a base of 0 bytes
  }
}

std::string page_unit(uint64_t page_size) { return std::to_string(page_size / 1024) + " KiB"; }

void table(std::ostringstream& out, const Comparison& comparison) {
  out << "| binary | base | current | change | % |\n| :--- | ---: | ---: | ---: | ---: |\n";
  for (const BinaryChange& c : comparison.binaries) {
    out << "| `" << c.name << "` | " << side(c.base) << " | " << side(c.current) << " | " << signed_grouped(c.change)
        << " | " << percent_cell(c) << " |\n";
  }
  const Totals& t = comparison.total;
  out << "| **total** | **" << grouped(t.base) << "** | **" << grouped(t.current) << "** | **"
      << signed_grouped(t.change) << "** | **" << (t.percent ? signed_percent(*t.percent) : "new") << "** |\n";
}

void page_notes(std::ostringstream& out, const Comparison& comparison) {
  bool any = false;
  for (const BinaryChange& c : comparison.binaries) {
    if (!c.crosses_page_boundary) continue;
    if (!any) out << "\n**Page boundaries crossed** (file sizes jump in whole pages here):\n\n";
    any = true;
    out << "- `" << c.name << "` " << (c.change > 0 ? "grows" : "shrinks") << " from " << pages(*c.base, c.page_size)
        << " to " << pages(*c.current, c.page_size) << " pages of " << page_unit(c.page_size) << " ("
        << grouped(*c.base) << " → " << grouped(*c.current) << " bytes)\n";
  }
}

void part_row(std::ostringstream& out, const std::string& what, std::optional<uint64_t> base,
              std::optional<uint64_t> current) {
  int64_t change = static_cast<int64_t>(current.value_or(0)) - static_cast<int64_t>(base.value_or(0));
  out << "| " << what << " | " << side(base) << " | " << side(current) << " | " << signed_grouped(change) << " |\n";
}

void where_it_changed(std::ostringstream& out, const BinaryChange& c) {
  bool one = c.change == 1 || c.change == -1;
  out << "\n#### `" << c.name << "`: " << signed_grouped(c.change) << (one ? " byte" : " bytes");
  if (c.status == Status::kAdded) out << " (new)";
  if (c.status == Status::kRemoved) out << " (removed)";
  if (c.status == Status::kUnchanged) out << " (parts changed, but page padding kept the file size)";
  out << "\n\n| part | base | current | change |\n| :--- | ---: | ---: | ---: |\n";
  for (const PartChange& p : c.parts) {
    part_row(out, std::string(part_kind_name(p.kind)) + " `" + p.name + "`", p.base, p.current);
  }
  if (c.base_outside_sections != c.current_outside_sections) {
    auto if_present = [](const std::optional<uint64_t>& side, uint64_t bytes) {
      return side ? std::optional(bytes) : std::nullopt;
    };
    part_row(out, "outside sections (headers, padding)", if_present(c.base, c.base_outside_sections),
             if_present(c.current, c.current_outside_sections));
  }
}

}  // namespace

std::string markdown_report(const Comparison& comparison) {
  std::ostringstream out;
  out << "### Binary sizes\n\n";
  table(out, comparison);
  page_notes(out, comparison);
  bool any_change = false;
  for (const BinaryChange& c : comparison.binaries) {
    // An unchanged file whose parts changed still shows them: padding to
    // the next page boundary absorbed the change, and that room is finite.
    if (c.status == Status::kUnchanged && c.parts.empty()) continue;
    if (!any_change) out << "\n### Where the bytes changed\n";
    any_change = true;
    where_it_changed(out, c);
  }
  if (!any_change) out << "\nNo binary changed size.\n";
  return out.str();
}

}  // namespace size_report
