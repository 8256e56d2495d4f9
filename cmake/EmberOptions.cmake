# Build options. Release is the default build type: the exercises train models,
# and an unoptimized engine is 20-50x slower.
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()

option(EMBER_TESTS     "Build the Catch2 test suite"                   ${PROJECT_IS_TOP_LEVEL})
option(EMBER_EXERCISES "Build the exercise targets (exercises/)"       ${PROJECT_IS_TOP_LEVEL})
option(EMBER_PYTHON    "Build the pybind11 module (python/)"          ${PROJECT_IS_TOP_LEVEL})
option(EMBER_BENCH     "Build the benchmark programs (bench/)"        ${PROJECT_IS_TOP_LEVEL})
option(EMBER_TOOLS     "Build the command-line tools (tools/: ember-train)" ${PROJECT_IS_TOP_LEVEL})
option(EMBER_SANITIZE  "Build with AddressSanitizer + UBSan"          OFF)
option(EMBER_NATIVE    "Compile for this machine's CPU (-march=native)" ON)

# CUDA: on when nvcc is found, unless the user says otherwise.
include(CheckLanguage)
check_language(CUDA)
if(CMAKE_CUDA_COMPILER)
  set(_ember_cuda_default ON)
else()
  set(_ember_cuda_default OFF)
endif()
option(EMBER_CUDA "Build the CUDA backend (kernels/cuda)" ${_ember_cuda_default})

# ccache keeps rebuilds (and the downstream-project test) cheap on 2 cores.
find_program(EMBER_CCACHE ccache)
if(EMBER_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${EMBER_CCACHE})
  set(CMAKE_CUDA_COMPILER_LAUNCHER ${EMBER_CCACHE})
endif()

# Debian's Python (it has numpy and torch); tests use it as an oracle for
# file formats. Not the pyenv python3 that may come first on PATH.
find_program(EMBER_PYTHON_EXECUTABLE NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
