# EMBER_SANITIZE=ON builds with AddressSanitizer and UndefinedBehaviorSanitizer.
# Use it with `make test-asan` (a separate build folder).
function(ember_enable_sanitizers target)
  if(EMBER_SANITIZE)
    target_compile_options(${target} PUBLIC
      $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined>)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()
