# Runs zoom-codegen on a bad spec and checks it fails the way a person needs: exit code 1 and
# exactly the one line of EXPECT_FILE on stderr, nothing on stdout, nothing written.
# Arguments: CODEGEN, SPEC, EXPECT_FILE.
string(RANDOM LENGTH 12 suffix)
set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/expect_failure_${suffix}")
execute_process(
  COMMAND "${CODEGEN}" --spec "${SPEC}" --out "${out_dir}"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE errors)
file(READ "${EXPECT_FILE}" expected)
if(NOT result EQUAL 1)
  message(FATAL_ERROR "expected exit code 1, got ${result}\nstderr: ${errors}")
endif()
if(NOT errors STREQUAL expected)
  message(FATAL_ERROR "stderr differs.\nexpected: ${expected}\nactual:   ${errors}")
endif()
if(NOT output STREQUAL "")
  message(FATAL_ERROR "expected nothing on stdout, got: ${output}")
endif()
if(EXISTS "${out_dir}")
  file(REMOVE_RECURSE "${out_dir}")
  message(FATAL_ERROR "a failed run must write nothing, but it created ${out_dir}")
endif()
