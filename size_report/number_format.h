// Numbers as the reports print them: "24,576", "+1,024", "-3", and
// percentages with two decimals ("0.42%", "+0.42%", "+<0.01%", "0.00%").
#pragma once
#include <cstdint>
#include <string>

namespace size_report {

std::string grouped(uint64_t n);
std::string signed_grouped(int64_t n);
std::string byte_count(uint64_t n);  // "1 byte", "4,096 bytes"
std::string percent(double value);   // of a magnitude: no sign
std::string signed_percent(double value);

}  // namespace size_report
