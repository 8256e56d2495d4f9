# check_test_names.cmake — fails when a Catch2 TEST_CASE name would break
# catch_discover_tests, which hands the names to CMake as a list: a ';' splits
# one name in two, and an unbalanced '[' swallows the separators up to the
# next ']'. Either way ctest gets entries that match no test case and "pass"
# with nothing run. Run as: cmake -DTESTS_DIR=<tests/> -P check_test_names.cmake
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
    if(NOT n_open EQUAL n_close OR name MATCHES ";")
      string(APPEND bad "\n  ${source}: \"${name}\"")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "TEST_CASE names with ';' or unbalanced [ ] (ctest would silently skip tests):${bad}")
endif()
