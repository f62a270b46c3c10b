// Bounds-checked reads of integers and names from an untrusted file image.
// Every format reader goes through this, so a truncated or lying header
// becomes a MalformedBinary error instead of a read past the buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

namespace size_report {

struct MalformedBinary : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class Endian { kLittle, kBig };

class ByteView {
 public:
  ByteView(std::span<const uint8_t> bytes, Endian endian) : bytes_(bytes), endian_(endian) {}

  size_t size() const { return bytes_.size(); }
  uint8_t u8(uint64_t offset) const { return bytes_[check(offset, 1)]; }
  uint16_t u16(uint64_t offset) const { return static_cast<uint16_t>(read(offset, 2)); }
  uint32_t u32(uint64_t offset) const { return static_cast<uint32_t>(read(offset, 4)); }
  uint64_t u64(uint64_t offset) const { return read(offset, 8); }

  // A name stored in a fixed field of `width` bytes, padded with NULs (the
  // field need not hold a NUL when the name fills it).
  std::string fixed_name(uint64_t offset, size_t width) const;
  // A NUL-terminated name starting at `offset`, which must end before `limit`.
  std::string terminated_name(uint64_t offset, uint64_t limit) const;

  // Throws unless [offset, offset + length) lies inside the buffer.
  void require(uint64_t offset, uint64_t length, const char* what) const;

 private:
  size_t check(uint64_t offset, uint64_t length) const;
  uint64_t read(uint64_t offset, unsigned width) const;

  std::span<const uint8_t> bytes_;
  Endian endian_;
};

// `count * width` with a check that it does not wrap.
uint64_t checked_product(uint64_t count, uint64_t width);

}  // namespace size_report
