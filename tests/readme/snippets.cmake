# The README's snippets, kept true by the build (included from tests/CMakeLists.txt):
#   <!-- compiled: NAME -->   before a ```cpp block: the block is written to
#                             <build>/tests/readme/NAME.cpp and compiled (target readme_snippets);
#   <!-- checked: FILE -->    before any other block: each of its lines must be a line of FILE
#                             (a path from the project's root), so the README shows real code.
# A README without any compiled block, or a marker not followed by a code block, stops the configure.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/README.md")
file(READ "${PROJECT_SOURCE_DIR}/README.md" readme_rest)
set(readme_sources)
while(TRUE)
  string(REGEX MATCH "<!-- (compiled|checked): ([^ ]+) -->\n```[a-z]*\n" marker "${readme_rest}")
  if(NOT marker)
    break()
  endif()
  set(kind "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  string(FIND "${readme_rest}" "${marker}" at)
  string(LENGTH "${marker}" marker_length)
  math(EXPR code_start "${at} + ${marker_length}")
  string(SUBSTRING "${readme_rest}" ${code_start} -1 readme_rest)
  string(FIND "${readme_rest}" "```" code_end)
  if(code_end EQUAL -1)
    message(FATAL_ERROR "README.md: the code block after the marker for ${name} does not end")
  endif()
  string(SUBSTRING "${readme_rest}" 0 ${code_end} code)
  string(SUBSTRING "${readme_rest}" ${code_end} -1 readme_rest)
  if(kind STREQUAL "compiled")
    set(source "${CMAKE_CURRENT_BINARY_DIR}/readme/${name}.cpp")
    file(WRITE "${source}.new" "${code}")
    configure_file("${source}.new" "${source}" COPYONLY)  # unchanged text, no recompile
    list(APPEND readme_sources "${source}")
  else()
    file(STRINGS "${PROJECT_SOURCE_DIR}/${name}" checked_lines)
    string(REPLACE ";" "\\;" code "${code}")
    string(REPLACE "\n" ";" code_lines "${code}")
    foreach(line IN LISTS code_lines)
      if(NOT line STREQUAL "" AND NOT line IN_LIST checked_lines)
        message(FATAL_ERROR "README.md: the line `${line}` of the block checked against ${name} is not in that file")
      endif()
    endforeach()
  endif()
endwhile()
if(NOT readme_sources)
  message(FATAL_ERROR "README.md: no <!-- compiled: NAME --> code block found")
endif()
# Compiled, not linked: the snippets are parts of one program (step 1's main calls step 2's
# function), and running them needs a Zoom account.
add_library(readme_snippets OBJECT ${readme_sources})
target_link_libraries(readme_snippets PRIVATE zoom::phone zoom_warnings)
