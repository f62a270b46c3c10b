// The bump allocator: alignment, bounds and exhaustion.
#include "test_support.h"

using namespace rf;

TEST_CASE("allocations are aligned and do not overlap") {
  test::TestArena t(1024);
  char* a = static_cast<char*>(t.arena.allocate(3, 1));
  char* b = static_cast<char*>(t.arena.allocate(8, 8));
  char* c = static_cast<char*>(t.arena.allocate(1, 16));
  CHECK(reinterpret_cast<uintptr_t>(b) % 8 == 0);
  CHECK(reinterpret_cast<uintptr_t>(c) % 16 == 0);
  CHECK(b >= a + 3);
  CHECK(c >= b + 8);
}

TEST_CASE("exhaustion calls the handler instead of overrunning") {
  test::TestArena t(64);
  t.arena.allocate(60, 1);
  CHECK_THROWS_AS(t.arena.allocate(5, 1), test::ArenaFull);
  CHECK_THROWS_AS(t.arena.allocate(static_cast<size_t>(-1), 1), test::ArenaFull);
  CHECK_THROWS_AS(t.arena.allocate_array<uint64_t>(static_cast<size_t>(-1) / 4), test::ArenaFull);
  test::TestArena exact(64);
  exact.arena.allocate(64, 1);
  CHECK(exact.arena.used() == 64);
}

TEST_CASE("concatenation and decimals") {
  test::TestArena t;
  Str s("xyz", 2);
  CHECK(std::string(t.arena.concat("a", s, static_cast<const char*>("c"), Str())) == "axyc");
  CHECK(test::str(t.arena.decimal(0)) == "0");
  CHECK(test::str(t.arena.decimal(18446744073709551615ull)) == "18446744073709551615");
}
