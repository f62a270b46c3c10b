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

// A record as the decoder gives it back: an entry's value follows its first '='.
SpecRecord record(spec::Kind kind, Str text) {
  size_t eq = find(text, '=');
  return {kind, text, is_argument(kind) || eq == text.size ? text : text.suffix_from(eq + 1)};
}

LaunchSpec spec_of(uint32_t flags, std::vector<SpecRecord>& records) {
  LaunchSpec s;
  s.flags = flags;
  s.count = records.size();
  s.records = records.data();
  return s;
}

}  // namespace

TEST_CASE("a spec survives encoding and decoding") {
  std::vector<SpecRecord> records = {
      record(spec::kRunfile, "_main/tool"),     record(spec::kLiteral, ""),
      record(spec::kOrigin, "../lib/x y"),      record(spec::kEnvSet, "A=1=2"),
      record(spec::kEnvUnset, "B"),             record(spec::kEnvRunfile, "C=_main/data"),
      record(spec::kEnvOrigin, "D=")};
  LaunchSpec in = spec_of(spec::kExportRunfilesEnv | spec::kSearchPathForArg0, records);
  auto bytes = region(encode(in), 256);
  TestArena t;
  LaunchSpec out;
  REQUIRE(decode_launch_spec(bytes.data(), bytes.size(), t.arena, &out));
  CHECK(out.flags == in.flags);
  REQUIRE(out.count == records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    CHECK(out.records[i].kind == records[i].kind);
    CHECK(test::str(out.records[i].text) == test::str(records[i].text));
    CHECK(test::str(out.records[i].value) == test::str(records[i].value));
    CHECK(out.records[i].text.data[out.records[i].text.size] == '\0');
  }
  CHECK(test::str(out.records[4].value) == "B");  // an unset entry's value is its name
  CHECK(test::str(out.records[6].value) == "");
}

TEST_CASE("the encoding is exactly the documented bytes") {
  std::vector<SpecRecord> records = {record(spec::kRunfile, "ab"), record(spec::kLiteral, ""),
                                     record(spec::kEnvSet, "K=v"), record(spec::kEnvUnset, "U")};
  CHECK(encode(spec_of(spec::kExportRunfilesEnv | spec::kSearchPathForArg0, records)) ==
        Bytes{3, 2, 'a', 'b', 0, 1, 0, 4, 'K', '=', 'v', 0, 7, 'U', 0});
}

TEST_CASE("long strings decode in place") {
  std::string big(3000, 'x');
  std::vector<SpecRecord> records = {record(spec::kLiteral, test::view(big))};
  auto bytes = encode(spec_of(0, records));
  CHECK(bytes.size() == 3003);
  auto r = region(bytes, 4096);
  TestArena t;
  LaunchSpec out;
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  CHECK(test::str(out.records[0].text) == big);
  CHECK(out.records[0].text.data == reinterpret_cast<const char*>(r.data()) + spec::kHeaderSize + 2);
}

TEST_CASE("the encoder reports the size it needs when the spec does not fit") {
  std::vector<SpecRecord> records = {record(spec::kLiteral, "0123456789")};
  unsigned char small[4] = {0xee, 0xee, 0xee, 0xee};
  CHECK(encode_launch_spec(spec_of(0, records), small, 4) == 13);
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
  REQUIRE(out.count == 1);
  CHECK(test::str(out.records[0].text) == "a");
}

TEST_CASE("records of both families may interleave; each keeps its place") {
  TestArena t;
  LaunchSpec out;
  auto r = region({0, 4, 'A', '=', '1', 0, 2, 'p', 0, 7, 'B', 0, 1, 'x', 0});
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  REQUIRE(out.count == 4);
  CHECK(out.records[0].kind == spec::kEnvSet);
  CHECK(test::str(out.records[0].value) == "1");
  CHECK(out.records[1].kind == spec::kRunfile);
  CHECK(test::str(out.records[1].value) == "p");
  CHECK(out.records[2].kind == spec::kEnvUnset);
  CHECK(test::str(out.records[2].text) == "B");
  CHECK(out.records[3].kind == spec::kLiteral);
  CHECK(test::str(out.records[3].value) == "x");
}

// An empty name, a set entry without '=' or an unset one with it come only
// from a hand-written spec (the finalizer refuses them); each is read like
// any entry: its value follows the first '=', if any.
TEST_CASE("set entries split at their first '='") {
  TestArena t;
  LaunchSpec out;
  auto r = region({0, 1, 'p', 0, 4, '=', 'v', 0, 4, 'A', '=', '=', 0, 4, 'N', 0, 7, 'U', '=', 'w', 0});
  REQUIRE(decode_launch_spec(r.data(), r.size(), t.arena, &out));
  REQUIRE(out.count == 5);
  CHECK(test::str(out.records[1].text) == "=v");
  CHECK(test::str(out.records[1].value) == "v");
  CHECK(test::str(out.records[2].text) == "A==");
  CHECK(test::str(out.records[2].value) == "=");
  CHECK(test::str(out.records[3].value) == "N");
  CHECK(test::str(out.records[4].value) == "w");
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
  { auto r = region(good); r[24] = 65; check_corrupt(r, "its length does not fit its payload"); }
  { auto r = region(good); r[27] = 0x80; check_corrupt(r, "its length does not fit its payload"); }
  { auto r = region(good, 4); r[24] = 5; check_corrupt(r, "its length does not fit its payload"); }
  const char* no_nul = "its length does not fit its payload";
  check_corrupt(region({1}), no_nul);
  check_corrupt(region({1, 1, 'a'}), no_nul);
  check_corrupt(region({1, 1, 'a', 0, 1, 'b'}), no_nul);
  const char* unknown = "unknown record kind";
  check_corrupt(region({1, 8, 'a', 0}), unknown);
  check_corrupt(region({1, 1, 'a', 0, 0xff, 'b', 0}), unknown);
  check_corrupt(region({1, 1, 'a', 0, 0}), unknown);  // an empty record: a NUL kind byte
  check_corrupt(region({1, 0, 1, 'a', 0}), unknown);
  check_corrupt(region({0}), "no arguments");
  check_corrupt(region({1, 4, 'A', '=', '1', 0, 7, 'B', 0}), "no arguments");
}
