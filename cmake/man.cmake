# The man pages (man/*.1, man/*.3) are installed from copies in the build
# tree whose .TH line carries the project's version (cmake/man-version.cmake).
file(GLOB OOMKIT_MAN_PAGES CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/man/*.1 ${PROJECT_SOURCE_DIR}/man/*.3)
set(OOMKIT_MAN_OUT)
foreach(page ${OOMKIT_MAN_PAGES})
  get_filename_component(name ${page} NAME)
  set(out ${PROJECT_BINARY_DIR}/man/${name})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DIN=${page} -DOUT=${out} -DVERSION=${PROJECT_VERSION}
            -P ${PROJECT_SOURCE_DIR}/cmake/man-version.cmake
    DEPENDS ${page} ${PROJECT_SOURCE_DIR}/cmake/man-version.cmake
    COMMENT "man page ${name}" VERBATIM)
  list(APPEND OOMKIT_MAN_OUT ${out})
  string(REGEX REPLACE ".*\\." "" section ${name})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(oomkit_man ALL DEPENDS ${OOMKIT_MAN_OUT})
