# The Windows port: unit tests of its portable parts, the integration suite
# under wine64 (x86_64 template), and structural checks of both templates.

add_executable(windows_unit_tests
  "${CMAKE_CURRENT_SOURCE_DIR}/unit/main.cpp"
  "${CMAKE_CURRENT_SOURCE_DIR}/windows/command_line_test.cpp"
  "${CMAKE_CURRENT_SOURCE_DIR}/windows/utf16_test.cpp"
  "${ROOT}/arch/windows/command_line.cpp"
  "${ROOT}/arch/windows/utf16.cpp")
target_link_libraries(windows_unit_tests PRIVATE Catch2::Catch2)
target_compile_options(windows_unit_tests PRIVATE -Wall -Wextra -Werror -g)
if(SANITIZE)
  target_compile_options(windows_unit_tests PRIVATE -fsanitize=${SANITIZE} -fno-sanitize-recover=all)
  target_link_options(windows_unit_tests PRIVATE -fsanitize=${SANITIZE})
endif()
catch_discover_tests(windows_unit_tests TEST_PREFIX "unit/windows/")

# Structural checks of both templates.
foreach(cpu x86_64 aarch64)
  add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_windows_pe.py" "windows-${cpu}-pe" --cpu ${cpu})
endforeach()

# The x86_64 template under wine64, one CTest test per group of scenarios:
# each makes its own wine prefix, which takes seconds to start.
add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_windows.py" "windows-x86_64")
