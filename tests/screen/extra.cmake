# The screen's logic without a terminal (cmd/oomtop growth.c, rows.c,
# layout.c), on the paper fixture root.
add_executable(test_screen_model ${CMAKE_CURRENT_LIST_DIR}/test_screen_model.c)
target_link_libraries(test_screen_model PRIVATE oomtop_model PkgConfig::CMOCKA)
add_test(NAME unit/test_screen_model COMMAND test_screen_model)
set_tests_properties(unit/test_screen_model PROPERTIES ENVIRONMENT "${OOMKIT_TEST_ENV}"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/tests TIMEOUT 120)
# action.c's calls of oomkit_adj_open() go through the test's wrapper,
# which records the identity asked for
target_link_options(test_screen_model PRIVATE -Wl,--wrap=oomkit_adj_open)
