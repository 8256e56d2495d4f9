#!/usr/bin/env bash
# setup.sh — installs every Debian package ember needs to build and test.
#
# Idempotent: asks dpkg which packages are missing and calls apt-get only for
# those, so a second run takes well under a second. Runs apt-get directly as
# root and through sudo otherwise. The base set includes Debian's torch 1.13:
# the Python test suite uses it as an oracle (ember never imports or links it).
# `./setup.sh --dev` adds the packages used to regenerate test fixtures;
# `./setup.sh --bench` adds Debian's OpenMP OpenBLAS under the PyTorch peer of
# the benchmarks (without it torch falls back to the reference BLAS; a pthread
# OpenBLAS beside torch's OpenMP pool slows torch down at 2 threads) and
# libtorch's C++ headers for the libtorch overhead peer. `make test` needs
# neither.
set -euo pipefail

packages=(
  cmake make g++ ccache pkg-config   # build
  libeigen3-dev                      # CPU kernels (kernels/cpu only)
  catch2                             # C++ tests (v2, catch2/catch.hpp)
  python3 python3-numpy              # .npy interop checks (/usr/bin/python3)
  zlib1g-dev                         # data/: gzip'd IDX files
  libstb-dev                         # data/: image decode/encode (stb_image, stb_image_write)
  nlohmann-json3-dev                 # data/: COCO JSON; nn/: safetensors headers
  dataset-fashion-mnist              # data/: the real Fashion-MNIST (tests, exercise 19, make demo)
  labelme-examples                   # data/: a real COCO-format file (tests, exercise 17)
  libcli11-dev                       # tools/: ember-train's command line
  gnuplot-nox                        # train/: loss and metric curves as SVG
  pybind11-dev                       # python/: the `ember` extension module
  python3-dev python3-pytest         # python/: headers for the module; its test suite
  libdlpack-dev                      # python/: DLPack, zero-copy exchange with torch and NumPy
  python3-matplotlib                 # python/exercises: loss curves
  python3-torch                      # python/tests: torch 1.13 as the test oracle (never imported by ember)
)
dev_packages=(
  python3-torchvision python3-pil    # fixture generation: tests/fixtures/data/make_data_fixtures.py
)
bench_packages=(
  libopenblas0-openmp                # bench/: OpenMP OpenBLAS under the PyTorch peer
  libtorch-dev                       # bench/: libtorch's C++ headers, the libtorch peer of the overhead case
)
for flag in "$@"; do
  case "$flag" in
    --dev) packages+=("${dev_packages[@]}") ;;
    --bench) packages+=("${bench_packages[@]}") ;;
    *) echo "setup.sh: unknown flag $flag (use --dev and/or --bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if (( ${#missing[@]} == 0 )); then
  exit 0
fi

echo "setup.sh: installing ${missing[*]}"
sudo=""
if (( EUID != 0 )); then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
