#!/usr/bin/env bash
# Installs the Debian packages flrepro needs, skipping quickly when all are present.
# Idempotent; used by `make deps` (and so by `make figures` and `make test`).
set -euo pipefail

packages=(
  pkg-config
  libhdf5-dev hdf5-tools        # HDF5 C library (cache files) and h5dump (tests)
  libopenblas-dev liblapacke-dev # BLAS/LAPACK
  gnuplot-nox                   # figures (pdfcairo, pngcairo)
  graphviz                      # `flrepro plan --dot` rendering (optional for users, used in docs)
  zlib1g-dev                    # zlib (gunzip of the Fashion-MNIST IDX files)
  dataset-fashion-mnist         # Fashion-MNIST IDX files in /usr/share/datasets/fashion-mnist (data.fashion_mnist)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} Debian packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
