# Robustness: the launchers against bad input (per Linux CPU; aarch64 and
# s390x under qemu-user), finalize-stub against bad input, and finalize-stub's
# determinism over every template that is built. Fuzzing, the sanitizer
# build and the reproducible-build check run from host_tests/build.mk.
foreach(cpu x86_64 aarch64 s390x)
  add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_hostile.py" "hostile-linux-${cpu}" --cpu ${cpu})
endforeach()
add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_finalizer_hostile.py" "hostile-finalizer")
add_integration_suite("${CMAKE_CURRENT_SOURCE_DIR}/integration/test_determinism.py" "determinism")
