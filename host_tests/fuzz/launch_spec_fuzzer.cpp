// decode_launch_spec on any region behind the magic: it decodes or fails
// cleanly, never reads outside the region, and what it decodes encodes to a
// payload of the same length (every byte belongs to a record) that decodes
// again to the same spec.
#include <cstring>
#include <vector>

#include "../../finalizer/spec_encoder.h"
#include "fuzz_support.h"

namespace {

using Bytes = std::vector<unsigned char>;

Bytes region_with(const unsigned char* rest, size_t size) {
  Bytes region(16 + size);
  std::memcpy(region.data(), rf::spec::kMagic, 16);
  if (size) std::memcpy(region.data() + 16, rest, size);
  return region;
}

bool decode(const Bytes& region, rf::Arena& arena, rf::LaunchSpec* out) {
  try {
    return rf::decode_launch_spec(region.data(), region.size(), arena, out);
  } catch (const test::Failure& f) {
    FUZZ_CHECK(f.exit_code == rf::kExitLauncherError);
    FUZZ_CHECK(std::string(f.what()).rfind("the launch spec is damaged: ", 0) == 0);
    return false;
  }
}

// Every string lies inside the region and is NUL-terminated there.
void check_in_place(const rf::LaunchSpec& s, const Bytes& region) {
  auto inside = [&](rf::Str t) {
    auto p = reinterpret_cast<const unsigned char*>(t.data);
    FUZZ_CHECK(p >= region.data() && p + t.size < region.data() + region.size());
    FUZZ_CHECK(t.data[t.size] == '\0');
  };
  for (size_t i = 0; i < s.count; ++i) {
    inside(s.records[i].text);
    inside(s.records[i].value);
  }
}

void check_same(const rf::LaunchSpec& a, const rf::LaunchSpec& b) {
  FUZZ_CHECK(a.flags == b.flags && a.count == b.count);
  for (size_t i = 0; i < a.count; ++i) {
    FUZZ_CHECK(a.records[i].kind == b.records[i].kind);
    FUZZ_CHECK(test::str(a.records[i].text) == test::str(b.records[i].text));
    FUZZ_CHECK(test::str(a.records[i].value) == test::str(b.records[i].value));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A launcher's region always holds a whole header.
  if (size < rf::spec::kHeaderSize - 16) return 0;
  rf::Arena& arena = fuzz::fresh_arena();
  Bytes region = region_with(data, size);
  rf::LaunchSpec spec;
  if (!decode(region, arena, &spec)) return 0;
  check_in_place(spec, region);

  uint32_t used = rf::read_u32_le(region.data() + 24);
  Bytes again(rf::spec::kHeaderSize + used);
  size_t needed = rf::encode_launch_spec(spec, again.data() + rf::spec::kHeaderSize, used);
  FUZZ_CHECK(needed == used);
  std::memcpy(again.data(), region.data(), 24);
  for (int i = 0; i < 4; ++i) again[20 + i] = again[24 + i] = static_cast<unsigned char>(used >> (8 * i));
  rf::LaunchSpec decoded;
  FUZZ_CHECK(decode(again, arena, &decoded));
  check_same(spec, decoded);
  return 0;
}
