# Builds tests/generate_project (a user's project calling zoom_generate()) as a separate CMake
# build with Ninja, from scratch, then edits its spec and checks that each edit reaches the
# generated API and the code that uses it in one build, and that an unchanged state builds nothing.
#
# cmake -DPROJECT_DIR=<tests/generate_project> -DSDK_DIR=<the SDK's source tree> -DWORK_DIR=<dir>
#       -DCODEGEN=<zoom-codegen> [-DCXX_COMPILER=...] [-DLAUNCHER=<ccache>] [-DBUILD_TYPE=...]
#       [-DMAKE_PROGRAM=<ninja>] [-DBOOST_DIR=...] [-DPREFIX_PATH=...] -P zoom_generate_project.cmake
# The inner builds use CMAKE_BUILD_PARALLEL_LEVEL from the environment when it is set.
cmake_minimum_required(VERSION 3.25)

set(build "${WORK_DIR}/build")
set(spec "${WORK_DIR}/directory.json")
set(include_dir "${build}/directory_api_generated/include/acme/directory")
set(shards "${build}/CMakeFiles/zoom_generate_directory_api")  # directory_api_<n>.cpp
set(generator_line "zoom_generate\\(directory_api\\)")
set(compile_main "main\\.cpp\\.o")

# The text of every shard zoom_generate() compiles the generated sources through, one after another.
function(read_shards out_var)
  file(GLOB files "${shards}/directory_api_*.cpp")
  set(text "")
  foreach(file IN LISTS files)
    file(READ "${file}" part)
    string(APPEND text "${part}")
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(fail what text)
  message(FATAL_ERROR "${what}\n--- output ---\n${text}")
endfunction()

function(run_build step out_var)
  string(TIMESTAMP start "%s")
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${build}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(TIMESTAMP end "%s")
  math(EXPR seconds "${end} - ${start}")
  if(NOT rc STREQUAL "0")
    fail("${step}: the build failed (${rc})" "${out}")
  endif()
  message(STATUS "${step}: built in ${seconds} s")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(expect text regex what)
  if(NOT text MATCHES "${regex}")
    fail("expected ${what} (/${regex}/)" "${text}")
  endif()
endfunction()

function(expect_not text regex what)
  if(text MATCHES "${regex}")
    fail("expected ${what} (no /${regex}/)" "${text}")
  endif()
endfunction()

function(expect_no_work step)
  run_build("${step}" out)
  expect("${out}" "ninja: no work to do" "${step}: nothing to do")
endfunction()

# The program must pass its checks and print `lines` (a list).
function(run_program lines)
  execute_process(COMMAND "${build}/directory_check" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "0")
    fail("directory_check failed (${rc})" "${out}${err}")
  endif()
  foreach(line IN LISTS lines)
    expect("${out}" "(^|\n)${line}\n" "directory_check to print '${line}'")
  endforeach()
endfunction()

function(edit_spec member_path value)
  file(READ "${spec}" json)
  string(JSON json SET "${json}" ${member_path} "${value}")
  file(WRITE "${spec}" "${json}")
endfunction()

# --- from scratch --------------------------------------------------------------------------------
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(COPY_FILE "${PROJECT_DIR}/directory.json" "${spec}")
# A copy of zoom-codegen: a rebuild of the SDK while this test runs must not rerun the generator.
file(COPY "${CODEGEN}" DESTINATION "${WORK_DIR}/bin")
get_filename_component(codegen_name "${CODEGEN}" NAME)
set(codegen "${WORK_DIR}/bin/${codegen_name}")

set(configure_args -S "${PROJECT_DIR}" -B "${build}" -G Ninja
    "-DZOOM_SDK_SOURCE_DIR=${SDK_DIR}" "-DZOOM_CODEGEN_EXECUTABLE=${codegen}" "-DDIRECTORY_SPEC=${spec}")
foreach(pair IN ITEMS CXX_COMPILER:CMAKE_CXX_COMPILER LAUNCHER:CMAKE_CXX_COMPILER_LAUNCHER
                      BUILD_TYPE:CMAKE_BUILD_TYPE MAKE_PROGRAM:CMAKE_MAKE_PROGRAM BOOST_DIR:Boost_DIR
                      PREFIX_PATH:CMAKE_PREFIX_PATH)
  string(REPLACE ":" ";" pair "${pair}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  if(${from})
    list(APPEND configure_args "-D${to}=${${from}}")
  endif()
endforeach()
execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc STREQUAL "0")
  fail("configuring ${PROJECT_DIR} failed (${rc})" "${out}")
endif()

run_build("first build" out)
expect("${out}" "${generator_line}" "the generator to run")
run_program("nickname: extra;site_id: absent;ok")
expect_no_work("second build")

# --- the spec or zoom-codegen touched, not changed: the generator runs, nothing recompiles -------
foreach(input IN ITEMS "${spec}" "${codegen}")
  get_filename_component(input_name "${input}" NAME)
  file(TOUCH_NOCREATE "${input}")
  run_build("${input_name} touched" out)
  expect("${out}" "${generator_line}" "the generator to run again when ${input_name} is touched")
  expect_not("${out}" "Building CXX|Linking CXX" "nothing to recompile for an unchanged API")
  expect_no_work("after touching ${input_name}")
endforeach()

# --- a property added to User: its model changes --------------------------------------------------
edit_spec("components;schemas;User;properties;nickname" [[{"type": "string"}]])
run_build("User.nickname added" out)
expect("${out}" "${compile_main}" "main.cpp to recompile")
# (With several tags, a type one tag alone uses is in models/<tag>.hpp, the others in models.hpp.)
file(GLOB model_files "${include_dir}/models.hpp" "${include_dir}/models/*.hpp")
set(models "")
foreach(model_file IN LISTS model_files)
  file(READ "${model_file}" text)
  string(APPEND models "${text}")
endforeach()
expect("${models}" "std::optional<std::string> nickname" "User::nickname in the generated models")
run_program("nickname: member;site_id: absent;ok")
expect_no_work("after the new property")

# --- a query parameter added: only call_queues.hpp/.cpp change -----------------------------------
file(READ "${include_dir}/models.hpp" models_before)
file(READ "${spec}" json)
set(members_get paths "/call_queues/{queueId}/members" get parameters)
string(JSON count LENGTH "${json}" ${members_get})
edit_spec("${members_get};${count}" [[{"name": "site_id", "in": "query", "schema": {"type": "string"}}]])
run_build("site_id parameter added" out)
file(READ "${include_dir}/models.hpp" models_after)
if(NOT models_after STREQUAL models_before)
  message(FATAL_ERROR "this step is meant to change a tag's header alone, but models.hpp changed too: "
                      "pick an edit that leaves models.hpp as it is")
endif()
expect("${out}" "${compile_main}" "main.cpp to recompile although only call_queues.hpp changed")
run_program("nickname: member;site_id: parameter;ok")
expect_no_work("after the new parameter")

# --- a new tag: a header and a source that did not exist at configure time -----------------------
edit_spec("paths;/sites/{siteId}" [[{"get": {
  "operationId": "getSite", "tags": ["Sites"], "summary": "Get a site.",
  "parameters": [{"name": "siteId", "in": "path", "required": true, "schema": {"type": "string"}}],
  "responses": {"204": {"description": "The site exists."}}}}]])
run_build("tag Sites added" out)
expect("${out}" "${compile_main}" "main.cpp to recompile")
if(NOT EXISTS "${include_dir}/sites.hpp")
  message(FATAL_ERROR "the new tag's header ${include_dir}/sites.hpp was not generated")
endif()
read_shards(all)
expect("${all}" "/src/sites\\.cpp\"" "a shard to include src/sites.cpp")
file(STRINGS "${build}/libdirectory_api.a" symbols REGEX "make_get_site_request")
if(NOT symbols)
  message(FATAL_ERROR "libdirectory_api.a does not define make_get_site_request")
endif()
run_program("ok")
expect_no_work("after the new tag")

# --- the tag removed again: its files go, and its functions leave the library --------------------
file(READ "${spec}" json)
string(JSON json REMOVE "${json}" paths "/sites/{siteId}")
file(WRITE "${spec}" "${json}")
run_build("tag Sites removed" out)
if(EXISTS "${include_dir}/sites.hpp")
  message(FATAL_ERROR "${include_dir}/sites.hpp is still there after its tag was removed")
endif()
read_shards(all)
expect_not("${all}" "sites\\.cpp" "no shard to include src/sites.cpp any more")
file(STRINGS "${build}/libdirectory_api.a" symbols REGEX "make_get_site_request")
if(symbols)
  message(FATAL_ERROR "libdirectory_api.a still defines make_get_site_request")
endif()
run_program("ok")
expect_no_work("after removing the tag")
