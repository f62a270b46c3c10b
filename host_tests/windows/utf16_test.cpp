// UTF-8 <-> UTF-16 at the Windows boundary, including the strings Windows
// allows but Unicode does not (lone surrogates).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../../arch/windows/utf16.h"

namespace {

// Exactly the room the header asks for, so sanitizers catch a write past it.
std::string to_utf8(const std::u16string& s) {
  std::vector<char> out(3 * s.size());
  return std::string(out.data(), win::to_utf8(s.data(), s.size(), out.data()));
}

std::u16string to_utf16(const std::string& s) {
  std::vector<char16_t> out(s.size() + 1);
  size_t units = win::to_utf16(s.c_str(), out.data());
  REQUIRE(units >= 1);
  REQUIRE(out[units - 1] == u'\0');
  return std::u16string(out.data(), units - 1);
}

}  // namespace

TEST_CASE("valid text converts both ways") {
  const std::u16string wide = u"ascii \u00fc \u20ac \u65e5\u672c \U0001F600 end";
  const std::string narrow = "ascii \xc3\xbc \xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 end";
  CHECK(to_utf8(wide) == narrow);
  CHECK(to_utf16(narrow) == wide);
  CHECK(to_utf8(std::u16string(u"a\0b", 3)) == std::string("a\0b", 3));
  CHECK(to_utf8(u"") == "");
}

TEST_CASE("lone surrogates survive the round trip") {
  const std::u16string cases[] = {std::u16string(1, u'\xd800'), std::u16string(1, u'\xdfff'),
                                  std::u16string(u"a") + u'\xdc00' + u'\xd83d', std::u16string(1, u'\xdbff') + u"x"};
  for (const auto& s : cases) CHECK(to_utf16(to_utf8(s)) == s);
  CHECK(to_utf8(std::u16string(1, u'\xd800')) == "\xed\xa0\x80");
}

TEST_CASE("halves of a pair converted apart join up again") {
  std::string joined = to_utf8(std::u16string(1, u'\xd83d')) + to_utf8(std::u16string(1, u'\xde00'));
  CHECK(to_utf16(joined) == u"\U0001F600");
}

TEST_CASE("UTF-8 converts up to its NUL") {
  char16_t out[8];
  for (char16_t& u : out) u = u'?';
  CHECK(win::to_utf16("a\xc3\xbc", out) == 3);
  CHECK(std::u16string(out, 4) == std::u16string(u"a\u00fc\0?", 4));
  CHECK(win::to_utf16("", out) == 1);
}

TEST_CASE("malformed UTF-8 becomes U+FFFD, one per bad byte") {
  CHECK(to_utf16("a\x80z") == u"a\ufffdz");
  CHECK(to_utf16("\xc3") == u"\ufffd");
  CHECK(to_utf16("\xe2\x82") == u"\ufffd\ufffd");  // cut short by the NUL
  CHECK(to_utf16("\xc0\xaf") == u"\ufffd\ufffd");          // overlong '/'
  CHECK(to_utf16("\xe0\x80\xaf") == u"\ufffd\ufffd\ufffd");  // overlong '/'
  CHECK(to_utf16("\xf4\x90\x80\x80") == u"\ufffd\ufffd\ufffd\ufffd");  // past U+10FFFF
  CHECK(to_utf16("\xff") == u"\ufffd");
}
