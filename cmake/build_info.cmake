# Run at every build (the tessera_build_info target): writes the version and the git revision
# of the source tree into a header, touching it only when they change, so a new commit
# recompiles one file. Outside a git checkout the revision is "unknown".
execute_process(
  COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
  OUTPUT_VARIABLE TESSERA_REVISION
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET
  RESULT_VARIABLE revision_status)
if(NOT revision_status EQUAL 0 OR TESSERA_REVISION STREQUAL "")
  set(TESSERA_REVISION "unknown")
else()
  execute_process(
    COMMAND git -C "${SOURCE_DIR}" diff --quiet HEAD --
    RESULT_VARIABLE dirty_status
    ERROR_QUIET)
  if(NOT dirty_status EQUAL 0)
    string(APPEND TESSERA_REVISION "-dirty")
  endif()
endif()
set(TESSERA_VERSION "${VERSION}")
configure_file("${IN}" "${OUT}" @ONLY)
