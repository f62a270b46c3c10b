# size_report: the size tool's unit tests, run on small real binaries of every
# format built here, and script-level checks of the tool, the size gate and
# the base-ref report against LLVM's own readers.
file(GLOB SIZE_REPORT_SOURCES "${ROOT}/size_report/*.cpp")
list(REMOVE_ITEM SIZE_REPORT_SOURCES "${ROOT}/size_report/main.cpp")
add_library(size_report_core STATIC ${SIZE_REPORT_SOURCES})
add_executable(size_report_tool "${ROOT}/size_report/main.cpp")
set_target_properties(size_report_tool PROPERTIES OUTPUT_NAME size-report)
target_link_libraries(size_report_tool PRIVATE size_report_core)

file(GLOB SIZE_REPORT_TEST_SOURCES "${CMAKE_CURRENT_SOURCE_DIR}/size_report/*.cpp")
add_executable(size_report_tests ${SIZE_REPORT_TEST_SOURCES})
target_link_libraries(size_report_tests PRIVATE size_report_core Catch2::Catch2)

foreach(target size_report_core size_report_tool size_report_tests)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -g)
  if(SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${SANITIZE} -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${SANITIZE})
  endif()
endforeach()

# One sample per format and CPU. ELF keeps its section table; PE keeps debug
# sections, whose long names live in the COFF string table.
find_program(SIZE_REPORT_CLANG clang-19 REQUIRED)
set(SIZE_REPORT_SAMPLE_DIR "${CMAKE_CURRENT_BINARY_DIR}/size_report_samples")
set(sample_files)
function(add_size_report_sample name triple)  # then the link flags
  set(file "${SIZE_REPORT_SAMPLE_DIR}/${name}")
  add_custom_command(OUTPUT "${file}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${SIZE_REPORT_SAMPLE_DIR}"
    COMMAND "${SIZE_REPORT_CLANG}" --target=${triple} -nostdlib -fuse-ld=lld -Os ${ARGN}
            -o "${file}" "${CMAKE_CURRENT_SOURCE_DIR}/size_report/sample.c"
    DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/size_report/sample.c" VERBATIM)
  set(sample_files ${sample_files} "${file}" PARENT_SCOPE)
endfunction()
add_size_report_sample(elf-x86_64 x86_64-linux -static -Wl,-e,start)
add_size_report_sample(elf-aarch64 aarch64-linux -static -Wl,-e,start)
add_size_report_sample(elf-s390x s390x-linux -static -Wl,-e,start)
add_size_report_sample(macho-x86_64 x86_64-apple-macos11 -Wl,-e,_start)
add_size_report_sample(macho-arm64 arm64-apple-macos11 -Wl,-e,_start)
add_size_report_sample(pe-x86_64.exe x86_64-w64-windows-gnu -g -Wl,--entry=start)
add_size_report_sample(pe-aarch64.exe aarch64-w64-windows-gnu -g -Wl,--entry=start)
add_custom_target(size_report_samples ALL DEPENDS ${sample_files})
add_dependencies(size_report_tests size_report_samples)
target_compile_definitions(size_report_tests PRIVATE SIZE_REPORT_SAMPLE_DIR="${SIZE_REPORT_SAMPLE_DIR}")

catch_discover_tests(size_report_tests TEST_PREFIX "size_report/")

set(script "${CMAKE_CURRENT_SOURCE_DIR}/size_report/test_size_report.py")
execute_process(COMMAND "${Python3_EXECUTABLE}" "${script}" --list
                OUTPUT_VARIABLE names OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" names "${names}")
foreach(name IN LISTS names)
  add_test(NAME "size_report/${name}"
           COMMAND "${Python3_EXECUTABLE}" "${script}" --tool $<TARGET_FILE:size_report_tool>
                   --samples "${SIZE_REPORT_SAMPLE_DIR}" --out "${OUT_DIR}" --root "${ROOT}" "${name}")
  set_tests_properties("size_report/${name}" PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
