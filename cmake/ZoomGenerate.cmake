# zoom_generate(): a C++ API generated from an OpenAPI spec at build time, as a library target.
#
#   zoom_generate(TARGET <name> SPEC <file> NAMESPACE <ns>
#                 [OUTPUT_DIR <dir>] [OPTIONS <extra zoom-codegen arguments>...]
#                 [DEPENDS <files>...] [SHARDS <n>])
#
# Creates the STATIC library <name>: zoom-codegen's output for <file> (C++ namespace <ns>, headers
# under <dir>/include/<ns as folders>/), with <dir>/include as a PUBLIC include directory, linked
# PUBLIC to zoom::runtime, C++20. <dir> defaults to ${CMAKE_CURRENT_BINARY_DIR}/<name>_generated.
# The generator runs when the library is built, and again whenever the spec, zoom-codegen, this
# file or one of the DEPENDS files changes: list there the files the spec's $refs name (relative
# paths from the current source folder), which zoom_generate() cannot see by itself.
#
# The library compiles the generated sources as <n> translation units (shards), which a parallel
# build compiles at once. <n> defaults to the variable ZOOM_GENERATE_SHARDS when set, else to the
# number of logical cores of the machine that configures. `SHARDS 1` compiles them all as one
# unity translation unit, for those who prefer one object (it needs the most memory: a whole large
# API in one translation unit can take over 10 GB). With g++, the shards are compiled with its
# garbage collector's thresholds raised (--param ggc-min-expand, ggc-min-heapsize): a tenth faster.
#
# Only the models' headers are needed to call the API. Their Boost.Describe annotations, for code
# that reflects on the models, are in <ns>/describe/models.hpp and <ns>/describe/<tag>.hpp.
#
# Which zoom-codegen runs, first match wins:
#   1. ZOOM_CODEGEN_EXECUTABLE, a path (a variable, e.g. -DZOOM_CODEGEN_EXECUTABLE=...);
#   2. the target zoom::codegen (an installed SDK's imported executable);
#   3. the target zoom-codegen (building inside the SDK's own tree);
#   4. a zoom-codegen program found by find_program().
#
# --- Why the build has a fixed list of outputs -------------------------------------------------
# zoom-codegen writes one header and one source per tag of the spec, so which files exist is only
# known once it has run. Running it at configure time (execute_process) to learn the list cannot
# work inside the SDK's tree, where zoom-codegen is built by the same build, and would leave the
# list stale until the next configure. Instead the build-time command has outputs that do not
# depend on the spec:
#   - a stamp file, touched on every run. It is the first output: Makefile generators rerun the
#     command until that one is newer than the inputs;
#   - <name>_1.cpp ... <name>_<n>.cpp, the shards: each #includes some of the src/*.cpp the
#     generator listed in its sources.cmake, spread by file size (the largest first, each to the
#     shard with the fewest bytes so far; a shard left without one holds only a comment). They
#     are the library's only sources, <n> of them whatever the spec;
#   - <dir>/include/<ns>/models.hpp, which zoom-codegen always writes and every generated header
#     includes.
# The command first asks `zoom-codegen --check` whether anything would change. When nothing
# would, it leaves the generated files alone, and Ninja (restat) rebuilds nothing that depends on
# them. (Makefile generators touch every output after the command, so there a touched but
# unchanged spec recompiles the library and its users.) When something would change, it
# regenerates and touches models.hpp even when zoom-codegen left it as it was: code that includes
# any generated header depends on models.hpp (through the compiler's depfile), a declared output,
# so it recompiles in the same build. Per-tag headers are not declared outputs; without that touch
# a change to one of them alone would reach the code that includes it only in the next build. The
# cost: any change to the generated API recompiles everything that includes it, every shard too,
# so moving a source to another shard when sizes change costs nothing more. Either way it then
# spreads the sources over the shards again and rewrites a shard only when its text changed (so
# the same sources and sizes, or a changed SHARDS, rewrite just what differs), and removes the
# shards of a larger <n> used before. Generated sources must not define internal-linkage names
# that could collide in one translation unit (zoom-codegen's start with the name of their type or
# operation).
#
# The same file is the build-time step: the custom command runs it with `cmake -P`.

# ---------------------------------------------------------------------------------------------
# Script mode: cmake -DZOOM_GENERATE_RUN=1 -DCODEGEN=... -DSPEC=... -DOUT=... -DNAMESPACE=...
#   -DOPTIONS=<list> -DSHARD_PREFIX=... -DSHARD_COUNT=... -DMODELS=... -DSTAMP=... -DNAME=...
#   -P ZoomGenerate.cmake
# The shards are ${SHARD_PREFIX}1.cpp ... ${SHARD_PREFIX}${SHARD_COUNT}.cpp.
if(CMAKE_SCRIPT_MODE_FILE AND ZOOM_GENERATE_RUN)
  set(args --spec "${SPEC}" --out "${OUT}" --namespace "${NAMESPACE}" ${OPTIONS})
  set(present TRUE)
  foreach(i RANGE 1 ${SHARD_COUNT})
    if(NOT EXISTS "${SHARD_PREFIX}${i}.cpp")
      set(present FALSE)
    endif()
  endforeach()
  set(current FALSE)
  if(present AND EXISTS "${MODELS}")
    execute_process(COMMAND "${CODEGEN}" ${args} --check RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc STREQUAL "0")
      set(current TRUE)
    endif()
  endif()
  if(NOT current)
    # A bad spec: zoom-codegen says what and where on stderr.
    execute_process(COMMAND "${CODEGEN}" ${args} RESULT_VARIABLE rc)
    if(NOT rc STREQUAL "0")
      message(FATAL_ERROR "zoom_generate(${NAME}): zoom-codegen failed (${rc}) for ${SPEC}")
    endif()
    file(TOUCH "${MODELS}")  # see "Why the build has a fixed list of outputs" above
  endif()

  # The sources, largest first: "<size, zero-padded>|<source>" sorts as the sizes do. Equal sizes
  # in reverse name order, so that the same files always give the same shards.
  unset(ZOOM_GENERATED_SOURCES)
  include("${OUT}/sources.cmake")
  set(by_size "")
  foreach(source IN LISTS ZOOM_GENERATED_SOURCES)
    file(SIZE "${OUT}/${source}" size)
    string(LENGTH "${size}" digits)
    math(EXPR padding "15 - ${digits}")
    string(REPEAT "0" ${padding} zeros)
    list(APPEND by_size "${zeros}${size}|${source}")
  endforeach()
  list(SORT by_size ORDER DESCENDING)
  # Each to the shard with the fewest bytes so far (the first of those, on a tie).
  foreach(i RANGE 1 ${SHARD_COUNT})
    set(load_${i} 0)
    set(text_${i} "")
  endforeach()
  foreach(entry IN LISTS by_size)
    string(REGEX MATCH "^0*([0-9]+)[|](.*)$" parsed "${entry}")
    set(size "${CMAKE_MATCH_1}")
    set(source "${CMAKE_MATCH_2}")
    set(lightest 1)
    foreach(i RANGE 1 ${SHARD_COUNT})
      if("${load_${i}}" LESS "${load_${lightest}}")
        set(lightest ${i})
      endif()
    endforeach()
    math(EXPR load_${lightest} "${load_${lightest}} + ${size}")
    string(APPEND text_${lightest} "#include \"${OUT}/${source}\"\n")
  endforeach()
  foreach(i RANGE 1 ${SHARD_COUNT})
    set(text "// Written by zoom_generate(${NAME}): shard ${i} of ${SHARD_COUNT} of the sources zoom-codegen\n")
    string(APPEND text "// generated from ${SPEC}, compiled as one translation unit. Do not edit.\n")
    if("${text_${i}}" STREQUAL "")
      string(APPEND text "// No source: there are fewer sources than shards.\n")
    else()
      string(APPEND text "${text_${i}}")
    endif()
    set(old "")
    if(EXISTS "${SHARD_PREFIX}${i}.cpp")
      file(READ "${SHARD_PREFIX}${i}.cpp" old)
    endif()
    if(NOT old STREQUAL text)
      file(WRITE "${SHARD_PREFIX}${i}.cpp" "${text}")
    endif()
  endforeach()
  # The shards of a larger count used before, which no target compiles any more.
  file(GLOB previous "${SHARD_PREFIX}*.cpp")
  foreach(file IN LISTS previous)
    string(LENGTH "${SHARD_PREFIX}" prefix_length)
    string(SUBSTRING "${file}" ${prefix_length} -1 rest)
    if(rest MATCHES "^([0-9]+)\\.cpp$" AND CMAKE_MATCH_1 GREATER SHARD_COUNT)
      file(REMOVE "${file}")
    endif()
  endforeach()
  file(TOUCH "${STAMP}")
  return()
endif()

include_guard(GLOBAL)

function(zoom_generate)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "TARGET;SPEC;NAMESPACE;OUTPUT_DIR;SHARDS" "OPTIONS;DEPENDS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "zoom_generate: unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_TARGET)
    message(FATAL_ERROR "zoom_generate: TARGET <name> is required")
  endif()
  set(name "${arg_TARGET}")
  if(NOT arg_SPEC)
    message(FATAL_ERROR "zoom_generate(${name}): SPEC <file> is required")
  endif()
  if(NOT arg_NAMESPACE)
    message(FATAL_ERROR "zoom_generate(${name}): NAMESPACE <ns> is required (for example zoom::phone)")
  endif()
  if(TARGET "${name}")
    message(FATAL_ERROR "zoom_generate(${name}): a target named ${name} already exists")
  endif()

  get_filename_component(spec "${arg_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${spec}" OR IS_DIRECTORY "${spec}")
    message(FATAL_ERROR "zoom_generate(${name}): the spec file ${spec} does not exist")
  endif()

  # zoom-codegen checks the namespace too, but only at build time; the include folder is needed now.
  set(ns "${arg_NAMESPACE}")
  if(NOT ns MATCHES "^[a-z_][a-z0-9_]*(::[a-z_][a-z0-9_]*)*$")
    message(FATAL_ERROR
      "zoom_generate(${name}): NAMESPACE '${ns}' is not lower-case C++ identifiers joined by :: (for example zoom::phone)")
  endif()
  string(REPLACE "::" "/" ns_dir "${ns}")

  # How many translation units compile the generated sources (see SHARDS above).
  if(DEFINED arg_SHARDS OR "SHARDS" IN_LIST arg_KEYWORDS_MISSING_VALUES)
    set(shard_count "${arg_SHARDS}")
    set(shard_origin "SHARDS")
  elseif(DEFINED ZOOM_GENERATE_SHARDS)
    set(shard_count "${ZOOM_GENERATE_SHARDS}")
    set(shard_origin "ZOOM_GENERATE_SHARDS")
  else()
    cmake_host_system_information(RESULT shard_count QUERY NUMBER_OF_LOGICAL_CORES)
    if(NOT shard_count MATCHES "^[1-9][0-9]*$")
      set(shard_count 1)  # the count is unknown (0) on some systems
    endif()
    set(shard_origin "")
  endif()
  if(NOT shard_count MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "zoom_generate(${name}): ${shard_origin} '${shard_count}' is not a positive whole number")
  endif()

  set(spec_depends "${spec}")
  foreach(file IN LISTS arg_DEPENDS)
    get_filename_component(file "${file}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND spec_depends "${file}")
  endforeach()

  if(arg_OUTPUT_DIR)
    get_filename_component(out "${arg_OUTPUT_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  else()
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}_generated")
  endif()

  # The generator, and what the command depends on for it. A target in DEPENDS also orders the
  # build (in-tree, zoom-codegen is linked first) and adds its file as a dependency.
  if(ZOOM_CODEGEN_EXECUTABLE)
    if(NOT EXISTS "${ZOOM_CODEGEN_EXECUTABLE}")
      message(FATAL_ERROR "zoom_generate(${name}): ZOOM_CODEGEN_EXECUTABLE is ${ZOOM_CODEGEN_EXECUTABLE}, which does not exist")
    endif()
    set(codegen "${ZOOM_CODEGEN_EXECUTABLE}")
    set(codegen_depends "${ZOOM_CODEGEN_EXECUTABLE}")
  elseif(TARGET zoom::codegen)
    set(codegen "$<TARGET_FILE:zoom::codegen>")
    set(codegen_depends zoom::codegen "$<TARGET_FILE:zoom::codegen>")
  elseif(TARGET zoom-codegen)
    set(codegen "$<TARGET_FILE:zoom-codegen>")
    set(codegen_depends zoom-codegen)
  else()
    find_program(ZOOM_CODEGEN_EXECUTABLE zoom-codegen)
    if(NOT ZOOM_CODEGEN_EXECUTABLE)
      message(FATAL_ERROR
        "zoom_generate(${name}): zoom-codegen not found: set ZOOM_CODEGEN_EXECUTABLE to its path, "
        "or provide the target zoom::codegen (the installed SDK) or zoom-codegen (the SDK's own tree)")
    endif()
    set(codegen "${ZOOM_CODEGEN_EXECUTABLE}")
    set(codegen_depends "${ZOOM_CODEGEN_EXECUTABLE}")
  endif()

  set(work "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/zoom_generate_${name}")
  set(shard_prefix "${work}/${name}_")
  set(shards "")
  foreach(i RANGE 1 ${shard_count})
    list(APPEND shards "${shard_prefix}${i}.cpp")
  endforeach()
  set(stamp "${work}/${name}.stamp")
  # The count, in a file the command depends on, rewritten only when it changes: a new count reruns
  # the command, which Ninja would do anyway (the command line changed) but Makefile generators not.
  set(shard_file "${work}/${name}.shards")
  file(CONFIGURE OUTPUT "${shard_file}" CONTENT "${shard_count}\n")
  set(models "${out}/include/${ns_dir}/models.hpp")
  set(script "${CMAKE_CURRENT_FUNCTION_LIST_FILE}")  # this file, wherever it was included from
  get_filename_component(spec_name "${spec}" NAME)

  add_custom_command(
    OUTPUT "${stamp}" ${shards} "${models}"
    BYPRODUCTS "${out}/sources.cmake"
    COMMAND "${CMAKE_COMMAND}" -DZOOM_GENERATE_RUN=1 "-DNAME=${name}" "-DCODEGEN=${codegen}"
            "-DSPEC=${spec}" "-DOUT=${out}" "-DNAMESPACE=${ns}" "-DOPTIONS=${arg_OPTIONS}"
            "-DSHARD_PREFIX=${shard_prefix}" "-DSHARD_COUNT=${shard_count}" "-DMODELS=${models}" "-DSTAMP=${stamp}"
            -P "${script}"
    DEPENDS ${spec_depends} ${codegen_depends} "${script}" "${shard_file}"
    COMMENT "zoom_generate(${name}): C++ namespace ${ns} from ${spec_name}"
    VERBATIM)

  add_library("${name}" STATIC ${shards})
  target_include_directories("${name}" PUBLIC "$<BUILD_INTERFACE:${out}/include>")
  target_link_libraries("${name}" PUBLIC zoom::runtime)
  target_compile_features("${name}" PUBLIC cxx_std_20)
  # A shard is a large translation unit, in which g++ spends a tenth of its time collecting
  # garbage at its default thresholds: collect later (about 0.7 GB more memory a shard at most,
  # for Zoom's whole Phone API; see bench/compile.cpp).
  target_compile_options("${name}" PRIVATE
    "$<$<CXX_COMPILER_ID:GNU>:SHELL:--param ggc-min-expand=400>"
    "$<$<CXX_COMPILER_ID:GNU>:SHELL:--param ggc-min-heapsize=524288>")
endfunction()
