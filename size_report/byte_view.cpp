#include "byte_view.h"

#include <limits>

namespace size_report {

size_t ByteView::check(uint64_t offset, uint64_t length) const {
  if (offset > bytes_.size() || length > bytes_.size() - offset) {
    throw MalformedBinary("truncated: needs bytes " + std::to_string(offset) + ".." + std::to_string(offset + length) +
                          " of a " + std::to_string(bytes_.size()) + "-byte file");
  }
  return static_cast<size_t>(offset);
}

void ByteView::require(uint64_t offset, uint64_t length, const char* what) const {
  if (offset > bytes_.size() || length > bytes_.size() - offset) {
    throw MalformedBinary(std::string(what) + " at offset " + std::to_string(offset) + " (" + std::to_string(length) +
                          " bytes) runs past the end of the " + std::to_string(bytes_.size()) + "-byte file");
  }
}

uint64_t ByteView::read(uint64_t offset, unsigned width) const {
  size_t at = check(offset, width);
  uint64_t value = 0;
  for (unsigned i = 0; i < width; ++i) {
    unsigned shift = endian_ == Endian::kLittle ? 8 * i : 8 * (width - 1 - i);
    value |= static_cast<uint64_t>(bytes_[at + i]) << shift;
  }
  return value;
}

std::string ByteView::fixed_name(uint64_t offset, size_t width) const {
  size_t at = check(offset, width);
  size_t length = 0;
  while (length < width && bytes_[at + length] != 0) ++length;
  return std::string(reinterpret_cast<const char*>(bytes_.data() + at), length);
}

std::string ByteView::terminated_name(uint64_t offset, uint64_t limit) const {
  if (limit > bytes_.size()) limit = bytes_.size();
  for (uint64_t end = offset; end < limit; ++end) {
    if (bytes_[end] == 0) return std::string(reinterpret_cast<const char*>(bytes_.data() + offset), end - offset);
  }
  throw MalformedBinary("name at offset " + std::to_string(offset) + " is not terminated inside its table");
}

uint64_t checked_product(uint64_t count, uint64_t width) {
  if (width != 0 && count > std::numeric_limits<uint64_t>::max() / width) {
    throw MalformedBinary("table size overflows: " + std::to_string(count) + " entries of " + std::to_string(width) +
                          " bytes");
  }
  return count * width;
}

}  // namespace size_report
