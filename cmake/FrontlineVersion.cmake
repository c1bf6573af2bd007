# The git commit is stamped into every output file for provenance.
find_package(Git QUIET)
set(FRONTLINE_GIT_COMMIT "unknown")
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=12 HEAD
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
    OUTPUT_VARIABLE _commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0 AND _commit)
    execute_process(COMMAND ${GIT_EXECUTABLE} diff --quiet HEAD
      WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} RESULT_VARIABLE _dirty ERROR_QUIET)
    set(FRONTLINE_GIT_COMMIT ${_commit})
    if(NOT _dirty EQUAL 0)
      string(APPEND FRONTLINE_GIT_COMMIT "-dirty")
    endif()
  endif()
endif()
