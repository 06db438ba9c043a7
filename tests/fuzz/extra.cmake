# libFuzzer target for the report parser. The project builds with gcc, so
# the fuzzer is compiled by clang in a custom command (the parser's sources
# only need libc). Built when OOMKIT_FUZZ=ON, or by default when a clang
# that links -fsanitize=fuzzer is found. The CTest test report/fuzz runs it
# for a bounded time over the corpus as seed; it skips (77) without clang.
find_program(OOMKIT_CLANG NAMES clang clang-16 clang-15 clang-14)
set(OOMKIT_FUZZ_OK OFF)
# a sanitizer build (OOMKIT_SANITIZE) does not build them again: the
# fuzzers carry their own ASan + UBSan, and their tests skip there
if(OOMKIT_CLANG AND (OOMKIT_FUZZ OR NOT OOMKIT_SANITIZE))
  if(NOT DEFINED OOMKIT_CLANG_FUZZER_WORKS)
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/fuzzcheck.c
      "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n")
    execute_process(COMMAND ${OOMKIT_CLANG} -fsanitize=fuzzer,address,undefined
        ${CMAKE_CURRENT_BINARY_DIR}/fuzzcheck.c -o ${CMAKE_CURRENT_BINARY_DIR}/fuzzcheck
      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(OOMKIT_CLANG_FUZZER_WORKS ON CACHE INTERNAL "clang links libFuzzer")
    else()
      set(OOMKIT_CLANG_FUZZER_WORKS OFF CACHE INTERNAL "clang links libFuzzer")
    endif()
  endif()
  set(OOMKIT_FUZZ_OK ${OOMKIT_CLANG_FUZZER_WORKS})
endif()
if(OOMKIT_FUZZ AND NOT OOMKIT_FUZZ_OK)
  message(FATAL_ERROR "OOMKIT_FUZZ=ON needs clang with libFuzzer (-fsanitize=fuzzer)")
endif()

set(OOMKIT_FUZZ_BIN ${CMAKE_CURRENT_BINARY_DIR}/fuzz/fuzz_report)
if(OOMKIT_FUZZ_OK)
  # the parser is every lib/report*.c; the explain step needs the event
  # model, the context module, escaping and the memcg path rule
  file(GLOB fuzz_lib_src CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/lib/report*.c)
  list(APPEND fuzz_lib_src ${PROJECT_SOURCE_DIR}/lib/event.c ${PROJECT_SOURCE_DIR}/lib/explain.c
    ${PROJECT_SOURCE_DIR}/lib/badness-era.c
    ${PROJECT_SOURCE_DIR}/lib/explain-index.c
    ${PROJECT_SOURCE_DIR}/lib/context.c ${PROJECT_SOURCE_DIR}/lib/escape.c
    ${PROJECT_SOURCE_DIR}/lib/memcg.c ${PROJECT_SOURCE_DIR}/lib/util.c ${PROJECT_SOURCE_DIR}/lib/ctx.c)
  set(fuzz_src ${CMAKE_CURRENT_LIST_DIR}/fuzz_report.c ${fuzz_lib_src})
  add_custom_command(OUTPUT ${OOMKIT_FUZZ_BIN}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/fuzz
    COMMAND ${OOMKIT_CLANG} -std=c11 -g -O1 -fno-omit-frame-pointer
      -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
      -D_GNU_SOURCE -DOOMKIT_BUILDING_LIB -DOOMKIT_STATIC
      -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_BINARY_DIR}/include
      -I${PROJECT_SOURCE_DIR}/lib ${fuzz_src} -o ${OOMKIT_FUZZ_BIN}
    DEPENDS ${fuzz_src} ${PROJECT_SOURCE_DIR}/lib/report-private.h
      ${PROJECT_SOURCE_DIR}/lib/explain-private.h
      ${PROJECT_SOURCE_DIR}/include/oomkit/report.h
      ${PROJECT_SOURCE_DIR}/include/oomkit/explain.h
    COMMENT "Building libFuzzer target fuzz_report with clang"
    VERBATIM)
  add_custom_target(fuzz_report ALL DEPENDS ${OOMKIT_FUZZ_BIN})
endif()


# The parsers of outside text other than the report: one libFuzzer target
# each (tests/fuzz/fuzz_<name>.c), seeded from tests/fuzz/seeds/<name>/
# (small copies of tests/fixtures files), run by the CTest test
# fuzz/<name> for OOMKIT_FUZZ_PARSER_SECONDS. Their library and command
# sources are compiled once into an archive with the fuzzer's
# instrumentation, then each target is linked against it.
set(OOMKIT_FUZZ_PARSERS proc_status proc_stat proc_cgroup meminfo vmstat memcg mountinfo
  timespec cli_number markdown prom_label)
set(OOMKIT_FUZZ_PARSER_SECONDS 20 CACHE STRING "How long each fuzz/<parser> test runs its fuzzer")
set(fuzz_flags -std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
  -fno-sanitize-recover=undefined -D_GNU_SOURCE -DOOMKIT_BUILDING_LIB -DOOMKIT_STATIC
  -I${PROJECT_SOURCE_DIR}/include -I${PROJECT_BINARY_DIR}/include -I${PROJECT_SOURCE_DIR}/lib
  -I${PROJECT_SOURCE_DIR}/cmd/common)
foreach(d ${SMARTCOLS_INCLUDE_DIRS})
  list(APPEND fuzz_flags -I${d})
endforeach()
if(OOMKIT_FUZZ_OK)
  set(fuzz_parse_src)
  foreach(f proc sysmem memcg ctx util error escape)
    list(APPEND fuzz_parse_src ${PROJECT_SOURCE_DIR}/lib/${f}.c)
  endforeach()
  foreach(f cli timespec markdown prom)
    list(APPEND fuzz_parse_src ${PROJECT_SOURCE_DIR}/cmd/common/${f}.c)
  endforeach()
  set(fuzz_parse_lib ${CMAKE_CURRENT_BINARY_DIR}/fuzz/libparse/libfuzzparse.a)
  file(GLOB fuzz_parse_hdr ${PROJECT_SOURCE_DIR}/lib/*.h ${PROJECT_SOURCE_DIR}/cmd/common/*.h
    ${PROJECT_SOURCE_DIR}/include/oomkit/*.h)
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/fuzz/libparse)
  add_custom_command(OUTPUT ${fuzz_parse_lib}
    COMMAND sh -c "rm -f *.o libfuzzparse.a"
    COMMAND ${OOMKIT_CLANG} ${fuzz_flags} -fsanitize=fuzzer-no-link -c ${fuzz_parse_src}
    COMMAND sh -c "ar rcs libfuzzparse.a *.o"
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/fuzz/libparse
    DEPENDS ${fuzz_parse_src} ${fuzz_parse_hdr}
    COMMENT "Building the parsers for the libFuzzer targets with clang"
    VERBATIM)
  # one target owns the archive, so that parallel makes build it once
  add_custom_target(fuzz_parse_lib DEPENDS ${fuzz_parse_lib})
  foreach(t ${OOMKIT_FUZZ_PARSERS})
    set(bin ${CMAKE_CURRENT_BINARY_DIR}/fuzz/fuzz_${t})
    add_custom_command(OUTPUT ${bin}
      COMMAND ${OOMKIT_CLANG} ${fuzz_flags} -fsanitize=fuzzer
        ${CMAKE_CURRENT_LIST_DIR}/fuzz_${t}.c ${fuzz_parse_lib} ${SMARTCOLS_LINK_LIBRARIES} -lm
        -o ${bin}
      DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fuzz_${t}.c ${CMAKE_CURRENT_LIST_DIR}/fuzz-common.h
        ${fuzz_parse_lib}
      COMMENT "Building libFuzzer target fuzz_${t} with clang"
      VERBATIM)
    add_custom_target(fuzz_${t} ALL DEPENDS ${bin})
    add_dependencies(fuzz_${t} fuzz_parse_lib)
  endforeach()
endif()
foreach(t ${OOMKIT_FUZZ_PARSERS})
  add_test(NAME fuzz/${t}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run-fuzz.sh ${CMAKE_CURRENT_BINARY_DIR}/fuzz/fuzz_${t}
      ${CMAKE_CURRENT_LIST_DIR}/seeds/${t} ${OOMKIT_FUZZ_PARSER_SECONDS})
  set_tests_properties(fuzz/${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
    ENVIRONMENT "${OOMKIT_TEST_ENV}")
endforeach()

set(OOMKIT_FUZZ_SECONDS 60 CACHE STRING "How long report/fuzz runs the fuzzer")
add_test(NAME report/fuzz
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run-fuzz.sh ${OOMKIT_FUZZ_BIN}
    ${PROJECT_SOURCE_DIR}/tests/fixtures/kmsg ${OOMKIT_FUZZ_SECONDS}
    ${PROJECT_SOURCE_DIR}/tests/fixtures/report-eras)
set_tests_properties(report/fuzz PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
  ENVIRONMENT "${OOMKIT_TEST_ENV}")
