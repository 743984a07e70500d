#!/usr/bin/env bash
# Builds the wheel and the sdist of a Python package that `jsii-pacmak --target python
# --code-only` generated, with the build tools of the configured pip index (the local mirror
# here), without network access to PyPI.
#
#   bash scripts/build-python-wheel.sh <python-src-dir> <out-dir>
#   e.g. bash scripts/build-python-wheel.sh dist/pacmak/python dist/python
#
# Why: jsii-pacmak's own Python build makes an isolated environment that pins
# setuptools~=75.3.2 and build~=1.5.0, which the mirror does not carry. This script builds
# without isolation, in a venv (created on first use, then reused) holding setuptools, build
# and wheel, and without installing the package's runtime dependencies (jsii, publication,
# cdk8s, ...): building needs none of them.
#
# <python-src-dir> is left untouched (the build runs on a copy). In <out-dir>, earlier wheels
# and sdists of the same distribution are replaced; other files stay.
#
# Environment:
#   CDK_MULTISITE_VENV  venv to create/reuse (default: <repo>/node_modules/.cache/cdk-multisite/venv,
#                       which neither git nor `npm pack` picks up; <repo>/.venv is git-ignored but
#                       NOT npm-ignored, so npm pack, and the jsii tarball that jsii-pacmak embeds
#                       in the wheel, would ship its ~90 MB)
#   PYTHON              interpreter that creates the venv (default: python3, >= 3.10)
#   PIP_RETRIES         pip retries per index (default here: 0, so an unreachable PyPI fails
#                       over to the mirror at once instead of backing off for ~30 s)
#   VERBOSE=1           print the full build log (by default only on failure)
set -euo pipefail

me="build-python-wheel"
say() { printf '%s: %s\n' "$me" "$*" >&2; }
die() { say "error: $*"; exit 1; }

if [[ $# -ne 2 ]]; then
  echo "usage: bash scripts/build-python-wheel.sh <python-src-dir> <out-dir>" >&2
  echo "  e.g. bash scripts/build-python-wheel.sh dist/pacmak/python dist/python" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ -d "$1" ]] || die "source directory '$1' does not exist; generate it first with: npx jsii-pacmak --target python --code-only -o dist/pacmak"
src="$(cd "$1" && pwd)"
[[ -f "$src/setup.py" && -f "$src/pyproject.toml" ]] \
  || die "'$src' holds no setup.py/pyproject.toml: is it the 'python' folder of jsii-pacmak's output?"
mkdir -p "$2"
out="$(cd "$2" && pwd)"

venv="${CDK_MULTISITE_VENV:-$root/node_modules/.cache/cdk-multisite/venv}"
export PIP_RETRIES="${PIP_RETRIES:-0}" PIP_DISABLE_PIP_VERSION_CHECK=1

work="$(mktemp -d "${TMPDIR:-/tmp}/$me.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- venv -------------------------------------------------------------------------------
# shellcheck source=scripts/python-venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"

# setuptools >= 75.3 as jsii-pacmak asks (it also writes PEP 625 sdist names); any build/wheel.
if ! "$vpy" - <<'EOF' 2>/dev/null
import build, wheel, setuptools
assert tuple(int(p) for p in setuptools.__version__.split(".")[:2]) >= (75, 3)
EOF
then
  say "installing setuptools, build, wheel into $venv (from the configured pip index)"
  if ! "$vpy" -m pip install --quiet 'setuptools>=75.3' 'build>=1.2' wheel >"$work/pip.log" 2>&1; then
    cat "$work/pip.log" >&2
    die "pip could not install setuptools/build/wheel (log above); check 'pip config list' (the local mirror)"
  fi
fi

# --- build ------------------------------------------------------------------------------
cp -R "$src/." "$work/pkg"
rm -rf "$work/pkg/build" "$work/pkg/dist" "$work"/pkg/src/*.egg-info

say "building wheel + sdist of $src"
if ! "$vpy" -m build --no-isolation --skip-dependency-check --wheel --sdist \
      --outdir "$work/out" "$work/pkg" >"$work/build.log" 2>&1; then
  cat "$work/build.log" >&2
  die "python -m build failed (log above)"
fi
if [[ "${VERBOSE:-0}" == 1 ]]; then
  cat "$work/build.log" >&2
else
  grep -i 'warning' "$work/build.log" | grep -v 'byte-compiling is disabled' | sort -u >&2 || true
fi

shopt -s nullglob
wheels=("$work"/out/*.whl)
sdists=("$work"/out/*.tar.gz)
[[ ${#wheels[@]} -eq 1 && ${#sdists[@]} -eq 1 ]] \
  || die "expected one wheel and one sdist, got: $(ls "$work/out")"

# Replace earlier artifacts of this distribution (normalized or not: cdk_multisite-*, cdk-multisite-*).
name="$(basename "${wheels[0]}")"
name="${name%%-*}"
rm -f "$out/$name"-*.whl "$out/$name"-*.tar.gz "$out/${name//_/-}"-*.tar.gz
mv "${wheels[0]}" "${sdists[0]}" "$out/"

say "done:"
for f in "$out/$(basename "${wheels[0]}")" "$out/$(basename "${sdists[0]}")"; do
  printf '  %s (%s bytes)\n' "${f#"$root"/}" "$(wc -c <"$f" | tr -d ' ')" >&2
done
