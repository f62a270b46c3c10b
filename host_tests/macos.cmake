# The macOS templates cannot run here: their suite checks the files (Mach-O
# structure, code signature, embedded spec) for both CPUs.
foreach(cpu x86_64 aarch64)
  add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_macos.py" "macos-${cpu}" --cpu ${cpu})
endforeach()
