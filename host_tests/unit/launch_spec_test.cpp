// The launch spec format: encoding and decoding round-trip, and the decoder's
// refusal of every kind of damage without reading outside the region.
#include <cstring>

#include "../../finalizer/spec_encoder.h"
#include "test_support.h"

using namespace rf;
using test::TestArena;

namespace {

using Bytes = std::vector<unsigned char>;

// A region (magic, header, payload) holding `payload`.
Bytes region(const Bytes& payload, uint32_t capacity = 64, uint32_t version = spec::kVersion) {
  Bytes r(spec::kHeaderSize + capacity, 0);
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

Bytes encode(const LaunchSpec& s) {
  Bytes out(4096);
  out.resize(encode_launch_spec(s, out.data(), out.size()));
  return out;
}

SpecEnv env_entry(spec::EnvKind kind, Str entry) {
  size_t eq = find(entry, '=');
  return {kind, entry, entry.prefix(eq), eq < entry.size ? entry.suffix_from(eq + 1) : Str()};
}

}  // namespace

TEST_CASE("a spec survives encoding and decoding") {
  SpecArg args[] = {{spec::ArgKind::kRunfile, "_main/tool"}, {spec::ArgKind::kLiteral, ""},
                    {spec::ArgKind::kOrigin, "../lib/x y"}};
  SpecEnv env[] = {env_entry(spec::EnvKind::kSet, "A=1=2"), env_entry(spec::EnvKind::kUnset, "B"),
                   env_entry(spec::EnvKind::kSetRunfile, "C=_main/data"), env_entry(spec::EnvKind::kSetOrigin, "D=")};
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
    CHECK(test::str(out.env[i].entry) == test::str(env[i].entry));
    CHECK(test::str(out.env[i].name) == test::str(env[i].name));
    CHECK(test::str(out.env[i].value) == test::str(env[i].value));
  }
}

TEST_CASE("the encoding is exactly the documented bytes") {
  SpecArg args[] = {{spec::ArgKind::kRunfile, "ab"}};
  SpecEnv env[] = {env_entry(spec::EnvKind::kSet, "K=v")};
  LaunchSpec s;
  s.flags = 1;
  s.arg_count = 1;
  s.args = args;
  s.env_count = 1;
  s.env = env;
  CHECK(encode(s) == Bytes{1, 1, 2, 'a', 'b', 0, 3, 3, 'K', '=', 'v', 0});
}

TEST_CASE("long strings use multi-byte lengths") {
  std::string big(300, 'x');
  SpecArg args[] = {{spec::ArgKind::kLiteral, test::view(big)}};
  LaunchSpec s;
  s.arg_count = 1;
  s.args = args;
  auto bytes = encode(s);
  CHECK(bytes[2] == ((300 & 0x7f) | 0x80));
  CHECK(bytes[3] == 300 >> 7);
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
  CHECK(encode_launch_spec(s, small, 4) == 14);
  CHECK(Bytes(small, small + 4) == Bytes{0, 0, 10, '0'});  // only what fits was written
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
  Bytes good = {1, 0, 1, 'a', 0};
  auto check_corrupt = [&](Bytes r, const char* why) {
    std::string message = test::failure_of([&] { decode_launch_spec(r.data(), r.size(), t.arena, &out); });
    CHECK_THAT(message, Catch::StartsWith("the launch spec is damaged: ") && Catch::Contains(why));
  };
  { auto r = region(good); REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out)); }
  { auto r = region(good); r[3] ^= 1; check_corrupt(r, "bad magic"); }
  check_corrupt(region(good, 64, 2), "format version");
  { auto r = region(good); r[20] = 0xff; r[21] = 0xff; check_corrupt(r, "outside its region"); }
  { auto r = region(good); r[24] = 65; check_corrupt(r, "outside its region"); }
  check_corrupt(region({4, 0, 1, 'a', 0}), "unknown flags");
  check_corrupt(region({0x80}), "bad number");
  check_corrupt(region({0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "bad number");
  check_corrupt(region({1}), "no arguments");
  check_corrupt(region({1, 7, 1, 'a', 0}), "bad record");
  check_corrupt(region({1, 0, 9, 'a', 0}), "bad record");
  check_corrupt(region({1, 0, 1, 'a', 'b'}), "bad record");
  check_corrupt(region({1, 0, 2, 'a', 0, 0}), "bad record");
  check_corrupt(region({1, 0, 1, 'a'}), "bad record");
  check_corrupt(region({1, 0, 0x85}), "bad number");
  check_corrupt(region({1, 0, 1, 'a', 0, 3, 1, '=', 0}), "bad environment entry");
  check_corrupt(region({1, 0, 1, 'a', 0, 3, 1, 'A', 0}), "bad environment entry");
  check_corrupt(region({1, 0, 1, 'a', 0, 6, 3, 'A', '=', 'b', 0}), "bad environment entry");
  check_corrupt(region({1, 0, 1, 'a', 0, 6, 1, 'A', 0, 0, 1, 'b', 0}), "an argument after the environment");
  Bytes tiny(10, 0);
  check_corrupt(tiny, "bad magic");
}
