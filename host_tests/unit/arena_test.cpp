// The bump allocator: alignment, bounds and exhaustion.
#include "test_support.h"

using namespace rf;

TEST_CASE("allocations are aligned and do not overlap") {
  test::TestArena t(1024);
  char* a = static_cast<char*>(t.arena.allocate(3));
  char* b = static_cast<char*>(t.arena.allocate(17));
  char* c = static_cast<char*>(t.arena.allocate(1));
  for (char* p : {a, b, c}) CHECK(reinterpret_cast<uintptr_t>(p) % Arena::kAlignment == 0);
  CHECK(b == a + 16);
  CHECK(c == b + 32);
}

TEST_CASE("exhaustion calls the handler instead of overrunning") {
  test::TestArena t(64);
  t.arena.allocate(60);
  CHECK_THROWS_AS(t.arena.allocate(1), test::ArenaFull);
  CHECK_THROWS_AS(t.arena.allocate(static_cast<size_t>(-1)), test::ArenaFull);
  CHECK_THROWS_AS(t.arena.allocate_array<uint64_t>(static_cast<size_t>(-1) / 4), test::ArenaFull);
  test::TestArena exact(64);
  exact.arena.allocate(64);
  CHECK(exact.arena.used() == 64);
}

TEST_CASE("concatenation and decimals") {
  test::TestArena t;
  Str s("xyz", 2);
  CHECK(std::string(t.arena.concat("a", s, static_cast<const char*>("c"), Str())) == "axyc");
  CHECK(test::str(t.arena.decimal(0)) == "0");
  CHECK(test::str(t.arena.decimal(18446744073709551615ull)) == "18446744073709551615");
}

TEST_CASE("formatted strings are aligned allocations; one that fills the room does not fit") {
  test::TestArena t(40);
  CHECK(t.arena.capacity() == 32);  // whole blocks only
  char* a = t.arena.format("%s", "abc");
  char* b = t.arena.format("%s%u", "0123456789abcd", 5);
  CHECK(std::string(a) == "abc");
  CHECK(std::string(b) == "0123456789abcd5");
  CHECK(b == a + 16);
  CHECK(t.arena.used() == 32);
  CHECK_THROWS_AS(t.arena.format("%s", ""), test::ArenaFull);
  test::TestArena exact(32);
  CHECK_THROWS_AS(exact.arena.format("%s", "0123456789abcdef0123456789abcdef"), test::ArenaFull);
}
