#include "number_format.h"

#include <cmath>
#include <cstdio>

namespace size_report {

std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string signed_grouped(int64_t n) {
  if (n == 0) return "0";
  uint64_t magnitude = n < 0 ? 0 - static_cast<uint64_t>(n) : static_cast<uint64_t>(n);
  return (n < 0 ? "-" : "+") + grouped(magnitude);
}

std::string byte_count(uint64_t n) { return grouped(n) + (n == 1 ? " byte" : " bytes"); }

std::string percent(double value) {
  value = std::fabs(value);
  if (value == 0) return "0.00%";
  // A real change too small to show at two decimals must not read as none.
  if (value < 0.005) return "<0.01%";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", value);
  return text;
}

std::string signed_percent(double value) {
  if (value == 0) return percent(value);
  return (value < 0 ? "-" : "+") + percent(value);
}

}  // namespace size_report
