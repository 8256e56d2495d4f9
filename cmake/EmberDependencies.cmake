# Third-party dependencies, all from Debian packages (setup.sh installs them).
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(OpenMP REQUIRED COMPONENTS CXX)
if(EMBER_CUDA)
  enable_language(CUDA)
  find_package(CUDAToolkit REQUIRED)
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "52")
    # No GPU on the build machine is the common case here, so "native" cannot be
    # the default; sm_90 is the H200 that the device machine lends.
    set(CMAKE_CUDA_ARCHITECTURES 90)
  endif()
endif()
