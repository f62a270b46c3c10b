#include "json_report.h"

#include <cstdio>
#include <sstream>

namespace size_report {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string number(const std::optional<uint64_t>& n) { return n ? std::to_string(*n) : "null"; }

std::string percent_number(const std::optional<double>& percent) {
  if (!percent) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", *percent);
  return text;
}

std::string page_count(const std::optional<uint64_t>& bytes, uint64_t page_size) {
  return bytes ? std::to_string(pages(*bytes, page_size)) : "null";
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kUnchanged: return "unchanged";
    case Status::kChanged: return "changed";
    case Status::kAdded: return "added";
    case Status::kRemoved: return "removed";
  }
  return "?";
}

void binary(std::ostringstream& out, const BinaryChange& c) {
  out << "{\"name\": " << quoted(c.name) << ", \"status\": " << quoted(status_name(c.status))
      << ", \"format\": " << quoted(format_name(c.format)) << ", \"cpu\": " << quoted(c.cpu)
      << ", \"base\": " << number(c.base) << ", \"current\": " << number(c.current) << ", \"change\": " << c.change
      << ", \"percent\": " << percent_number(c.percent) << ", \"page_size\": " << c.page_size
      << ", \"base_pages\": " << page_count(c.base, c.page_size)
      << ", \"current_pages\": " << page_count(c.current, c.page_size)
      << ", \"crosses_page_boundary\": " << (c.crosses_page_boundary ? "true" : "false")
      << ", \"outside_sections\": {\"base\": " << c.base_outside_sections
      << ", \"current\": " << c.current_outside_sections << "}, \"changed_parts\": [";
  for (size_t i = 0; i < c.parts.size(); ++i) {
    const PartChange& p = c.parts[i];
    out << (i ? ", " : "") << "{\"kind\": " << quoted(part_kind_name(p.kind)) << ", \"name\": " << quoted(p.name)
        << ", \"base\": " << number(p.base) << ", \"current\": " << number(p.current) << ", \"change\": " << p.change()
        << "}";
  }
  out << "]}";
}

}  // namespace

std::string json_report(const Comparison& comparison) {
  std::ostringstream out;
  out << "{\n  \"binaries\": [";
  for (size_t i = 0; i < comparison.binaries.size(); ++i) {
    out << (i ? ",\n    " : "\n    ");
    binary(out, comparison.binaries[i]);
  }
  const Totals& t = comparison.total;
  out << "\n  ],\n  \"total\": {\"base\": " << t.base << ", \"current\": " << t.current << ", \"change\": " << t.change
      << ", \"percent\": " << percent_number(t.percent) << "}\n}\n";
  return out.str();
}

}  // namespace size_report
