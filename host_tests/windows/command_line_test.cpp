// The Windows command line: splitting by the C runtime's rules, and building a
// line that splits back into exactly the intended arguments.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../../arch/windows/command_line.h"

namespace {

using Args = std::vector<std::string>;

Args split(const std::string& line) {
  std::string buffer = line + '\0';
  std::vector<char*> argv(line.size() / 2 + 2, nullptr);
  int argc = win::split_command_line(buffer.data(), argv.data());
  REQUIRE(argv[argc] == nullptr);
  return Args(argv.begin(), argv.begin() + argc);
}

std::string build(const Args& args) {
  std::vector<const char*> argv;
  size_t bound = 0;
  for (const auto& a : args) {
    argv.push_back(a.c_str());
    bound += 2 * a.size() + 3;
  }
  argv.push_back(nullptr);
  // Exactly the room the header asks for, so sanitizers catch a write past it.
  std::vector<char> line(bound);
  size_t size = win::build_command_line(argv.data(), line.data());
  REQUIRE(size <= bound);
  return std::string(line.data(), size);
}

}  // namespace

TEST_CASE("arguments are separated by spaces and tabs, in any number") {
  CHECK(split("prog one  two\t\tthree ") == Args{"prog", "one", "two", "three"});
  CHECK(split("prog") == Args{"prog"});
  CHECK(split("prog   ") == Args{"prog"});
  CHECK(split("") == Args{""});
}

TEST_CASE("quotes group text anywhere in an argument") {
  CHECK(split(R"(p "a b" c)") == Args{"p", "a b", "c"});
  CHECK(split(R"(p x"y z"w)") == Args{"p", "xy zw"});
  CHECK(split(R"(p "" "")") == Args{"p", "", ""});
  CHECK(split(R"(p "unterminated group)") == Args{"p", "unterminated group"});
  CHECK(split("p \"tab\there\"") == Args{"p", "tab\there"});
}

TEST_CASE("backslashes are literal unless a quote follows") {
  CHECK(split(R"(p C:\dir\file \\server\share)") == Args{"p", R"(C:\dir\file)", R"(\\server\share)"});
  CHECK(split(R"(p a\"b)") == Args{"p", R"(a"b)"});
  CHECK(split(R"(p a\\"b c")") == Args{"p", R"(a\b c)"});
  CHECK(split(R"(p a\\\"b)") == Args{"p", R"(a\"b)"});
  CHECK(split(R"(p "C:\dir\\" next)") == Args{"p", R"(C:\dir\)", "next"});
  CHECK(split(R"(p trailing\)") == Args{"p", R"(trailing\)"});
}

TEST_CASE("a doubled quote inside a group is a literal quote") {
  CHECK(split(R"(p "say ""hi"" now")") == Args{"p", R"(say "hi" now)"});
  CHECK(split(R"(p """")") == Args{"p", R"(")"});
}

TEST_CASE("the program name only groups: backslashes and doubled quotes are plain") {
  CHECK(split(R"("C:\Program Files\app.exe" arg)") == Args{R"(C:\Program Files\app.exe)", "arg"});
  CHECK(split(R"(C:\dir\" x)") == Args{R"(C:\dir\ x)"});
  CHECK(split(R"(a"b c"d e)") == Args{"ab cd", "e"});
  CHECK(split(R"("" x)") == Args{"", "x"});
}

TEST_CASE("non-ASCII bytes pass through unchanged") {
  CHECK(split("p \xc3\xbcnic\xc3\xb6" "de \"\xe2\x82\xac \xf0\x9f\x98\x80\"") ==
        Args{"p", "\xc3\xbcnic\xc3\xb6" "de", "\xe2\x82\xac \xf0\x9f\x98\x80"});
}

TEST_CASE("the program name is always quoted; other arguments only when needed") {
  CHECK(build({"C:\\bin\\tool.exe", "plain", "--flag=1"}) == R"("C:\bin\tool.exe" plain --flag=1)");
  CHECK(build({"p", "a b", "", "tab\there"}) == "\"p\" \"a b\" \"\" \"tab\there\"");
  CHECK(build({"p", R"(say "hi")"}) == R"("p" "say \"hi\"")");
  CHECK(build({"p", R"(a"b)", R"(a\"b)"}) == R"("p" a\"b a\\\"b)");
  CHECK(build({"p", R"(C:\dir\)", R"(C:\my dir\)"}) == R"("p" C:\dir\ "C:\my dir\\")");
  CHECK(build({"p", "line\nbreak"}) == "\"p\" \"line\nbreak\"");
}

TEST_CASE("the line fits in 2 bytes per argument byte and 3 per argument") {
  CHECK(build({"", "", "\"\"", "\\\\\"", " \\\\", "\\\""}) ==
        R"("" "" \"\" \\\\\" " \\\\" \\\")");
}

TEST_CASE("a program name holding a quote cannot be expressed") {
  const char* argv[] = {"a\"b", "x", nullptr};
  char line[16];
  CHECK(win::build_command_line(argv, line) == 0);
}

TEST_CASE("built command lines split back into the same arguments") {
  const Args cases[] = {
      {"C:\\Program Files\\app.exe"},
      {"", ""},
      {"p", "", " ", "\t", "a b", "a\tb", "\"", "\"\"", "\\", "\\\\", "\\\"", "a\\", "a b\\", "a b\\\\"},
      {"p", "\"quoted\"", "x\\\"y", "\\\\server\\share\\", "end\\\\\"", "--opt=\"a b\""},
      {"p", "\xc3\xbcnic\xc3\xb6" "de", "\xe6\x97\xa5\xe6\x9c\xac \xe8\xaa\x9e", "\xf0\x9f\x98\x80\\"},
      {"p", "new\nline", "v\vtab", "'single'", "*", "%PATH%", "^&|<>"},
  };
  for (const Args& args : cases) {
    INFO(build(args));
    CHECK(split(build(args)) == args);
  }
}
