# Warnings on for ember's own targets (not for users of the installed library).
function(ember_set_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow=local -Wno-unused-parameter -Wno-missing-field-initializers>)
endfunction()

# Vector ISA: the machine's own, so contiguous loops use AVX2/FMA where present.
function(ember_set_cpu_flags target)
  if(EMBER_NATIVE)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-march=native>)
  endif()
endfunction()
