# Fails, naming the target that fixes it, when generated/ differs from what zoom-codegen
# writes for spec/ now. Arguments: CODEGEN, SPEC, OUT, BUILD_DIR.
execute_process(
  COMMAND "${CODEGEN}" --spec "${SPEC}" --out "${OUT}" --namespace zoom::phone --check
  RESULT_VARIABLE result
  ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${errors}generated/ is stale: run `cmake --build ${BUILD_DIR} --target regenerate` and commit the result.")
endif()
