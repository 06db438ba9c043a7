# Report parser: a dumper helper and the corpus check.
add_executable(report-dump ${CMAKE_CURRENT_LIST_DIR}/report-dump.c)
target_link_libraries(report-dump PRIVATE oomkit oomkit_flags)
set_target_properties(report-dump PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/helpers)

find_program(OOMKIT_PYTHON3 python3)
if(OOMKIT_PYTHON3)
  add_test(NAME report/corpus
    COMMAND ${OOMKIT_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/check-corpus.py
      $<TARGET_FILE:report-dump> ${PROJECT_SOURCE_DIR}/tests/fixtures/kmsg)
  set_tests_properties(report/corpus PROPERTIES ENVIRONMENT "${OOMKIT_TEST_ENV}")
endif()

# Benchmark helper (not a test: timing is noisy; see tests/report/bench.sh).
add_executable(report-bench ${CMAKE_CURRENT_LIST_DIR}/report-bench.c)
target_link_libraries(report-bench PRIVATE oomkit oomkit_flags)
set_target_properties(report-bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/helpers)

# The parser on real OOM reports of this kernel (root + a writable memory
# cgroup, else skipped).
add_test(NAME report/live COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/test_live_report.sh)
set_tests_properties(report/live PROPERTIES ENVIRONMENT "${OOMKIT_TEST_ENV}"
  SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL ON
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
