# Static analysis of lib/ and cmd/ (tests/static/run.sh): cppcheck with
# no finding, clang-tidy with none beyond tests/static/clang-tidy.baseline.
# They need the build's compile_commands.json (CMAKE_EXPORT_COMPILE_COMMANDS
# in the top CMakeLists.txt); each skips (77) when its tool is missing.
foreach(tool cppcheck clang-tidy)
  add_test(NAME static/${tool}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh ${tool} ${PROJECT_BINARY_DIR})
  set_tests_properties(static/${tool} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900
    ENVIRONMENT "${OOMKIT_TEST_ENV}")
endforeach()
