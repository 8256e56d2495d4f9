# check_test_names.cmake — fails when a Catch2 TEST_CASE name has unbalanced
# square brackets. catch_discover_tests hands the names to CMake as a list,
# where an open '[' swallows the separators up to the next ']': the cases in
# between merge into one ctest entry that matches nothing and "passes" with
# no test run. Run as: cmake -DTESTS_DIR=<tests/> -P check_test_names.cmake
file(GLOB_RECURSE sources "${TESTS_DIR}/*.cpp")
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines REGEX "TEST_CASE\\(\"")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "TEST_CASE\\(\"([^\"]*)\"" match "${line}")
    set(name "${CMAKE_MATCH_1}")
    string(REGEX MATCHALL "\\[" opens "${name}")
    string(REGEX MATCHALL "\\]" closes "${name}")
    list(LENGTH opens n_open)
    list(LENGTH closes n_close)
    if(NOT n_open EQUAL n_close)
      string(APPEND bad "\n  ${source}: \"${name}\"")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "TEST_CASE names with unbalanced [ ] (ctest would silently skip tests):${bad}")
endif()
