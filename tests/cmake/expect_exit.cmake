# Runs a program and checks its exit code and what it printed.
# Arguments: PROGRAM, ARGS (a ;-list), CODE (expected exit code), and optional STDOUT / STDERR:
# regular expressions the output must match.
separate_arguments(args NATIVE_COMMAND "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${args} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result STREQUAL CODE)
  message(FATAL_ERROR "expected exit code ${CODE}, got ${result}\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED STDOUT AND NOT out MATCHES "${STDOUT}")
  message(FATAL_ERROR "stdout does not match '${STDOUT}':\n${out}")
endif()
if(DEFINED STDERR AND NOT err MATCHES "${STDERR}")
  message(FATAL_ERROR "stderr does not match '${STDERR}':\n${err}")
endif()
