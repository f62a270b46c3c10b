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
  void number(uint64_t v) {
    do {
      byte(static_cast<unsigned char>((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
      v >>= 7;
    } while (v);
  }
  void string(Str s) {
    number(s.size);
    for (size_t i = 0; i < s.size; ++i) byte(static_cast<unsigned char>(s[i]));
    byte(0);
  }
};

}  // namespace

size_t encode_launch_spec(const LaunchSpec& spec, unsigned char* out, size_t capacity) {
  Writer w{out, capacity};
  w.number(spec.flags);
  for (size_t i = 0; i < spec.arg_count; ++i) {
    w.byte(static_cast<unsigned char>(spec.args[i].kind));
    w.string(spec.args[i].value);
  }
  for (size_t i = 0; i < spec.env_count; ++i) {
    w.byte(static_cast<unsigned char>(spec.env[i].kind));
    w.string(spec.env[i].entry);
  }
  return w.size;
}

}  // namespace rf
