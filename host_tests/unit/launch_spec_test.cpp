// The launch spec format: encoding and decoding round-trip, and the decoder's
// refusal of every kind of damage without reading outside the region.
#include <cstring>

#include "../../finalizer/spec_encoder.h"
#include "test_support.h"

using namespace rf;
using test::TestArena;

namespace {

// A region (magic, header, payload) holding `payload`.
std::vector<unsigned char> region(const std::vector<unsigned char>& payload, uint32_t capacity = 64,
                                  uint32_t version = spec::kVersion) {
  std::vector<unsigned char> r(spec::kHeaderSize + capacity, 0);
  std::memcpy(r.data(), spec::kMagic, 16);
  auto put = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) r[at + i] = static_cast<unsigned char>(v >> (8 * i));
  };
  put(16, version);
  put(20, capacity);
  put(24, static_cast<uint32_t>(payload.size()));
  std::copy(payload.begin(), payload.end(), r.begin() + spec::kHeaderSize);
  return r;
}

std::vector<unsigned char> encode(const LaunchSpec& s) {
  std::vector<unsigned char> out(4096);
  size_t n = encode_launch_spec(s, out.data(), out.size());
  out.resize(n);
  return out;
}

}  // namespace

TEST_CASE("a spec survives encoding and decoding") {
  SpecArg args[] = {{spec::ArgKind::kRunfile, "_main/tool"}, {spec::ArgKind::kLiteral, ""},
                    {spec::ArgKind::kOrigin, "../lib/x y"}};
  SpecEnv env[] = {{spec::EnvKind::kSet, "A", "1"}, {spec::EnvKind::kUnset, "B", ""},
                   {spec::EnvKind::kSetRunfile, "C", "_main/data"}, {spec::EnvKind::kSetOrigin, "D", "share"}};
  LaunchSpec in;
  in.flags = spec::kExportRunfilesEnv | spec::kSearchPathForArg0;
  in.arg_count = 3;
  in.args = args;
  in.env_count = 4;
  in.env = env;
  auto bytes = region(encode(in), 256);
  TestArena t;
  LaunchSpec out;
  REQUIRE(decode_launch_spec(bytes.data(), bytes.size(), t.arena, &out));
  CHECK(out.flags == in.flags);
  REQUIRE(out.arg_count == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(out.args[i].kind == args[i].kind);
    CHECK(test::str(out.args[i].value) == test::str(args[i].value));
    CHECK(out.args[i].value.data[out.args[i].value.size] == '\0');
  }
  REQUIRE(out.env_count == 4);
  for (int i = 0; i < 4; ++i) {
    CHECK(out.env[i].kind == env[i].kind);
    CHECK(test::str(out.env[i].name) == test::str(env[i].name));
    CHECK(test::str(out.env[i].value) == test::str(env[i].value));
  }
}

TEST_CASE("the encoding is exactly the documented bytes") {
  SpecArg args[] = {{spec::ArgKind::kRunfile, "ab"}};
  SpecEnv env[] = {{spec::EnvKind::kSet, "K", "v"}};
  LaunchSpec s;
  s.flags = 1;
  s.arg_count = 1;
  s.args = args;
  s.env_count = 1;
  s.env = env;
  std::vector<unsigned char> want = {1, 1, 1, 2, 'a', 'b', 0, 1, 0, 1, 'K', 0, 1, 'v', 0};
  CHECK(encode(s) == want);
}

TEST_CASE("long strings use multi-byte lengths") {
  std::string big(300, 'x');
  SpecArg args[] = {{spec::ArgKind::kLiteral, test::view(big)}};
  LaunchSpec s;
  s.arg_count = 1;
  s.args = args;
  auto bytes = encode(s);
  CHECK(bytes[3] == (300 & 0x7f | 0x80));
  CHECK(bytes[4] == 300 >> 7);
  auto r = region(bytes, 512);
  TestArena t;
  LaunchSpec out;
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  CHECK(test::str(out.args[0].value) == big);
}

TEST_CASE("the encoder reports the size it needs when the spec does not fit") {
  SpecArg args[] = {{spec::ArgKind::kLiteral, "0123456789"}};
  LaunchSpec s;
  s.arg_count = 1;
  s.args = args;
  unsigned char small[4] = {0xee, 0xee, 0xee, 0xee};
  CHECK(encode_launch_spec(s, small, 4) == 16);
  // Only the bytes that fit were written.
  CHECK(small[0] == 0);
  CHECK(small[1] == 1);
  CHECK(small[2] == 0);
  CHECK(small[3] == 10);
}

TEST_CASE("an empty payload means not finalized") {
  auto r = region({});
  TestArena t;
  LaunchSpec out;
  CHECK_FALSE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
}

TEST_CASE("every kind of damage is refused with a reason") {
  TestArena t;
  LaunchSpec out;
  std::vector<unsigned char> good = {1, 1, 0, 1, 'a', 0, 0};
  auto check_corrupt = [&](std::vector<unsigned char> r, const char* why) {
    std::string message = test::failure_of([&] { decode_launch_spec(r.data(), r.size(), t.arena, &out); });
    CHECK_THAT(message, Catch::Contains("the launch spec is damaged: ") && Catch::Contains(why));
  };
  { auto r = region(good); REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out)); }
  { auto r = region(good); r[3] ^= 1; check_corrupt(r, "bad magic"); }
  check_corrupt(region(good, 64, 2), "format version");
  { auto r = region(good); r[20] = 0xff; r[21] = 0xff; check_corrupt(r, "outside its region"); }
  { auto r = region(good); r[24] = 65; check_corrupt(r, "outside its region"); }
  check_corrupt(region({4, 1, 0, 1, 'a', 0, 0}), "unknown flags");
  check_corrupt(region({1, 0, 0}), "invalid argument count");
  check_corrupt(region({1, 0x7f, 0, 1, 'a', 0, 0}), "invalid argument count");
  check_corrupt(region({1, 1, 3, 1, 'a', 0, 0}), "bad argument");
  check_corrupt(region({1, 1, 0, 9, 'a', 0, 0}), "bad argument");
  check_corrupt(region({1, 1, 0, 1, 'a', 'b', 0}), "bad argument");
  check_corrupt(region({1, 1, 0, 2, 'a', 0, 0}), "bad argument");
  check_corrupt(region({1, 1, 0, 1, 'a', 0}), "invalid environment count");
  check_corrupt(region({1, 1, 0, 1, 'a', 0, 1, 0, 1, '=', 0, 0, 0}), "bad environment entry");
  check_corrupt(region({1, 1, 0, 1, 'a', 0, 1, 0, 0, 0, 0, 0}), "bad environment entry");
  check_corrupt(region({1, 1, 0, 1, 'a', 0, 1, 4, 1, 'A', 0, 0, 0}), "bad environment entry");
  check_corrupt(region({1, 1, 0, 1, 'a', 0, 0, 0}), "trailing bytes");
  check_corrupt(region({0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "unknown flags");
  std::vector<unsigned char> tiny(10, 0);
  check_corrupt(tiny, "bad magic");
}
