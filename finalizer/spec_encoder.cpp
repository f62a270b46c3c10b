#include "spec_encoder.h"

namespace rf {

namespace {

// Counts every byte, writes only those that fit.
struct Writer {
  unsigned char* out;
  size_t capacity;
  size_t size = 0;

  void byte(unsigned char b) {
    if (size < capacity) out[size] = b;
    ++size;
  }
  void record(uint8_t kind, Str s) {
    byte(static_cast<unsigned char>(kind + spec::kKindByteOffset));
    for (size_t i = 0; i < s.size; ++i) byte(static_cast<unsigned char>(s[i]));
    byte(0);
  }
};

}  // namespace

size_t encode_launch_spec(const LaunchSpec& spec, unsigned char* out, size_t capacity) {
  Writer w{out, capacity};
  w.byte(static_cast<unsigned char>(spec.flags));
  for (size_t i = 0; i < spec.count; ++i) w.record(spec.records[i].kind, spec.records[i].text);
  return w.size;
}

}  // namespace rf
