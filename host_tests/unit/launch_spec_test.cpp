// The launch spec format: encoding and decoding round-trip, and the decoder's
// refusal of every payload it cannot read, without reading outside the region.
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
  SpecArg args[] = {{spec::ArgKind::kRunfile, "ab"}, {spec::ArgKind::kLiteral, ""}};
  SpecEnv env[] = {env_entry(spec::EnvKind::kSet, "K=v"), env_entry(spec::EnvKind::kUnset, "U")};
  LaunchSpec s;
  s.flags = spec::kExportRunfilesEnv | spec::kSearchPathForArg0;
  s.arg_count = 2;
  s.args = args;
  s.env_count = 2;
  s.env = env;
  CHECK(encode(s) == Bytes{3, 2, 'a', 'b', 0, 1, 0, 4, 'K', '=', 'v', 0, 7, 'U', 0});
}

TEST_CASE("long strings decode in place") {
  std::string big(3000, 'x');
  SpecArg args[] = {{spec::ArgKind::kLiteral, test::view(big)}};
  LaunchSpec s;
  s.arg_count = 1;
  s.args = args;
  auto bytes = encode(s);
  CHECK(bytes.size() == 3003);
  auto r = region(bytes, 4096);
  TestArena t;
  LaunchSpec out;
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  CHECK(test::str(out.args[0].value) == big);
  CHECK(out.args[0].value.data == reinterpret_cast<const char*>(r.data()) + spec::kHeaderSize + 2);
}

TEST_CASE("the encoder reports the size it needs when the spec does not fit") {
  SpecArg args[] = {{spec::ArgKind::kLiteral, "0123456789"}};
  LaunchSpec s;
  s.arg_count = 1;
  s.args = args;
  unsigned char small[4] = {0xee, 0xee, 0xee, 0xee};
  CHECK(encode_launch_spec(s, small, 4) == 13);
  CHECK(Bytes(small, small + 4) == Bytes{0, 1, '0', '1'});  // only what fits was written
}

TEST_CASE("an empty payload means not finalized") {
  auto r = region({});
  TestArena t;
  LaunchSpec out;
  CHECK_FALSE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
}

// The finalizer refuses a template whose magic or version is not its own and
// never rewrites them or the capacity; the launcher finds its region by
// address and knows its size from its own build.
TEST_CASE("the decoder reads neither magic, version nor capacity") {
  Bytes good = {1, 1, 'a', 0};
  TestArena t;
  LaunchSpec out;
  auto r = region(good, 64, 0xffffffff);
  r[0] ^= 0xff;
  r[15] ^= 0xff;
  r[20] = r[21] = r[22] = r[23] = 0xff;
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  CHECK(out.flags == 1);
  REQUIRE(out.arg_count == 1);
  CHECK(test::str(out.args[0].value) == "a");
}

TEST_CASE("records of both families may interleave; each keeps its order") {
  TestArena t;
  LaunchSpec out;
  auto r = region({0, 4, 'A', '=', '1', 0, 2, 'p', 0, 7, 'B', 0, 1, 'x', 0});
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  REQUIRE(out.arg_count == 2);
  CHECK(out.args[0].kind == spec::ArgKind::kRunfile);
  CHECK(test::str(out.args[0].value) == "p");
  CHECK(out.args[1].kind == spec::ArgKind::kLiteral);
  CHECK(test::str(out.args[1].value) == "x");
  REQUIRE(out.env_count == 2);
  CHECK(out.env[0].kind == spec::EnvKind::kSet);
  CHECK(out.env[1].kind == spec::EnvKind::kUnset);
  CHECK(test::str(out.env[1].name) == "B");
}

// An empty name comes only from a hand-written spec (the finalizer refuses
// it); it is read like any entry, split at the first '='.
TEST_CASE("set entries split at their first '='") {
  TestArena t;
  LaunchSpec out;
  auto r = region({0, 1, 'p', 0, 4, '=', 'v', 0, 4, 'A', '=', '=', 0});
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  REQUIRE(out.env_count == 2);
  CHECK(test::str(out.env[0].name) == "");
  CHECK(test::str(out.env[0].value) == "v");
  CHECK(test::str(out.env[1].name) == "A");
  CHECK(test::str(out.env[1].value) == "=");
}

TEST_CASE("every payload the launcher cannot read is refused with a reason") {
  TestArena t;
  LaunchSpec out;
  Bytes good = {1, 1, 'a', 0};
  auto check_corrupt = [&](Bytes r, const char* why) {
    std::string message = test::failure_of([&] { decode_launch_spec(r.data(), r.size(), t.arena, &out); });
    CHECK_THAT(message, Catch::StartsWith("the launch spec is damaged: ") && Catch::Contains(why));
  };
  { auto r = region(good); REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out)); }
  { auto r = region(good); r[24] = 65; check_corrupt(r, "its length field points outside its region"); }
  { auto r = region(good); r[27] = 0x80; check_corrupt(r, "its length field points outside its region"); }
  { auto r = region(good, 4); r[24] = 5; check_corrupt(r, "its length field points outside its region"); }
  const char* no_nul = "it does not end in a NUL";
  check_corrupt(region({1}), no_nul);
  check_corrupt(region({1, 1, 'a'}), no_nul);
  check_corrupt(region({1, 1, 'a', 0, 1, 'b'}), no_nul);
  const char* unknown = "unknown record kind";
  check_corrupt(region({1, 8, 'a', 0}), unknown);
  check_corrupt(region({1, 1, 'a', 0, 0xff, 'b', 0}), unknown);
  check_corrupt(region({1, 1, 'a', 0, 0}), unknown);  // an empty record: a NUL kind byte
  check_corrupt(region({1, 0, 1, 'a', 0}), unknown);
  const char* misplaced_equals = "a set entry without '=' or an unset entry with one";
  check_corrupt(region({1, 1, 'a', 0, 4, 'A', 0}), misplaced_equals);
  check_corrupt(region({1, 1, 'a', 0, 5, 0}), misplaced_equals);
  check_corrupt(region({1, 1, 'a', 0, 6, 'A', 'B', 0}), misplaced_equals);
  check_corrupt(region({1, 1, 'a', 0, 7, 'U', '=', 'w', 0}), misplaced_equals);
  check_corrupt(region({1, 1, 'a', 0, 7, '=', 0}), misplaced_equals);
  check_corrupt(region({0}), "no arguments");
  check_corrupt(region({1, 4, 'A', '=', '1', 0, 7, 'B', 0}), "no arguments");
}
