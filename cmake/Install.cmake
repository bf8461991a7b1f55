# Install rules and the CMake package zoom_sdk. Included by the top-level CMakeLists.txt.
#
#   <prefix>/include/zoom/...                      runtime headers and the generated zoom::phone API
#   <prefix>/lib/libzoom_runtime.a, libzoom_phone.a (and libzoom_phone_api.a with ZOOM_PHONE_API_SPEC)
#   <prefix>/bin/zoom-codegen, zoom-phone, zoom-sandbox (which `zoom-phone --sandbox` runs)
#   <prefix>/lib/cmake/zoom_sdk/                   zoom_sdkConfig.cmake (+ version, targets),
#                                                  ZoomGenerate.cmake
#
# A consumer: find_package(zoom_sdk 0.1 CONFIG REQUIRED), then link zoom::phone (or zoom::runtime
# with its own zoom_generate() library). tests/consumer builds one against an installed tree.
include(CMakePackageConfigHelpers)

set(ZOOM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/zoom_sdk")

install(TARGETS zoom_runtime zoom_phone zoom-codegen EXPORT zoom_sdk_targets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
# zoom-sandbox beside zoom-phone, where `zoom-phone --sandbox` looks for it first.
install(TARGETS zoom-phone zoom-sandbox RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/runtime/include/" "${ZOOM_GENERATED_DIR}/include/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.hpp")

# Zoom's whole Phone API, when the build was given ZOOM_PHONE_API_SPEC.
if(ZOOM_PHONE_API_SPEC AND TARGET zoom_phone_api)
  install(TARGETS zoom_phone_api EXPORT zoom_sdk_targets ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
  install(DIRECTORY "${PROJECT_BINARY_DIR}/phone_api/include/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
    FILES_MATCHING PATTERN "*.hpp")
endif()

install(EXPORT zoom_sdk_targets NAMESPACE zoom:: FILE zoom_sdkTargets.cmake DESTINATION "${ZOOM_INSTALL_CMAKEDIR}")
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/zoom_sdkConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/zoom_sdkConfig.cmake" INSTALL_DESTINATION "${ZOOM_INSTALL_CMAKEDIR}")
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/zoom_sdkConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/zoom_sdkConfig.cmake" "${PROJECT_BINARY_DIR}/zoom_sdkConfigVersion.cmake"
  "${CMAKE_CURRENT_LIST_DIR}/ZoomGenerate.cmake" DESTINATION "${ZOOM_INSTALL_CMAKEDIR}")
