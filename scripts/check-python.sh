#!/usr/bin/env bash
# Type-checks the Python examples with mypy against the Python bindings jsii-pacmak generates,
# so that a wrong or missing keyword argument, or a wrong type, fails the check. Exits non-zero
# on any type error.
#
#   bash scripts/check-python.sh [file.py ...]      (default: examples/lab/main.py)
#
# Steps (each skipped when already up to date):
#   1. compile the library with jsii if .jsii is missing or older than a lib/**/*.ts;
#   2. generate Python sources with `jsii-pacmak --target python --code-only` for this package
#      and for constructs, cdk8s, cdk8s-plus-28 (from node_modules) into dist/python-check/src/,
#      regenerating a package only when its .jsii (or jsii-pacmak's version) changed;
#   3. write dist/python-check/stubs/jsii/__init__.pyi, a typing-only stub of the jsii runtime's
#      public decorators, with the same signatures as the real (typed) runtime. Without it the
#      methods of generated classes (`SqlEngine.cockroach_db`, `Latency.of_distance_km`, ...)
#      are untyped and their arguments unchecked. It cannot run anything: the Python runtime
#      itself (jsii, publication) is not installable here, so the examples are not executed.
#   4. write dist/python-check/canary/check_python_canary.py: known mistakes, each silenced by a
#      `# type: ignore[code]`; under strict mypy an unused ignore is an error, so the check
#      fails if mypy stops catching them (a guard against a setup that checks nothing);
#   5. install mypy into the venv (see CDK_MULTISITE_VENV) and run it with
#      examples/lab/mypy.ini (strict) on the files and the canary.
# cdktf and @cdktf/provider-aws are not generated: the provider alone takes minutes and GBs.
#
# Environment:
#   CDK_MULTISITE_VENV  venv to create/reuse (default: <repo>/node_modules/.cache/cdk-multisite/venv,
#                       which neither git nor `npm pack` picks up; <repo>/.venv is git-ignored but
#                       NOT npm-ignored, so npm pack, and the jsii tarball that jsii-pacmak embeds
#                       in the wheel, would ship its ~90 MB)
#   PYTHON              interpreter that creates the venv (default: python3, >= 3.10)
#   PIP_RETRIES         pip retries per index (default here: 0, see build-python-wheel.sh)
#   FORCE=1             regenerate all Python sources
set -euo pipefail

me="check-python"
say() { printf '%s: %s\n' "$me" "$*" >&2; }
die() { say "error: $*"; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Files to check, resolved before we change directory.
files=()
if [[ $# -eq 0 ]]; then
  files=("$root/examples/lab/main.py")
else
  for f in "$@"; do
    [[ -f "$f" ]] || die "no such file: $f"
    files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
  done
fi
cd "$root"

config="$root/examples/lab/mypy.ini"
check_dir="$root/dist/python-check"   # /dist/ is git-ignored
gen_src="$check_dir/src"
stamps="$check_dir/stamps"
# npm packages whose Python sources mypy needs ('.' is this package).
packages=(. node_modules/constructs node_modules/cdk8s node_modules/cdk8s-plus-28)

venv="${CDK_MULTISITE_VENV:-$root/node_modules/.cache/cdk-multisite/venv}"
export PIP_RETRIES="${PIP_RETRIES:-0}" PIP_DISABLE_PIP_VERSION_CHECK=1

command -v node >/dev/null || die "node is not on PATH"
for bin in jsii jsii-pacmak; do
  [[ -x node_modules/.bin/$bin ]] || die "node_modules/.bin/$bin is missing: run 'npx projen install' (or npm ci) first"
done
for p in "${packages[@]:1}"; do
  [[ -f "$p/.jsii" ]] || die "$p/.jsii is missing: run 'npx projen install' (or npm ci) first"
done
# jsii prints an end-of-life banner on older Node releases; it is noise here.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-$(node -p 'process.versions.node.split(".")[0]')}"

# --- 1. compile -------------------------------------------------------------------------
if [[ ! -f .jsii ]]; then
  say "no .jsii yet: compiling with jsii"
  node_modules/.bin/jsii --silence-warnings=reserved-word || die "jsii compilation failed"
elif [[ -n "$(find lib -name '*.ts' ! -name '*.d.ts' -newer .jsii -print -quit)" ]]; then
  say "lib/ changed since the last compilation: compiling with jsii"
  node_modules/.bin/jsii --silence-warnings=reserved-word || die "jsii compilation failed"
fi

# --- 2. generate Python sources ---------------------------------------------------------
pacmak_version="$(node -p 'require("jsii-pacmak/package.json").version')"
python_module() { # the Python module jsii-pacmak names a package after, from its assembly
  node -e '
    const fs = require("fs"), path = require("path"), zlib = require("zlib");
    let a = JSON.parse(fs.readFileSync(path.join(process.argv[1], ".jsii"), "utf8"));
    if (a.schema === "jsii/file-redirect") {
      const buf = fs.readFileSync(path.join(process.argv[1], a.filename));
      a = JSON.parse((a.compression === "gzip" ? zlib.gunzipSync(buf) : buf).toString("utf8"));
    }
    const m = a.targets && a.targets.python && a.targets.python.module;
    if (!m) { console.error(`${a.name} has no Python target`); process.exit(1); }
    console.log(m);' "$1"
}
fingerprint() { # what the generated sources depend on
  { echo "jsii-pacmak $pacmak_version"; cat "$1/package.json" "$1"/.jsii*; } | sha256sum | cut -d' ' -f1
}

mkdir -p "$gen_src" "$stamps"
stale=() stale_modules=() stale_prints=()
for p in "${packages[@]}"; do
  module="$(python_module "$p")" || die "cannot read the Python module name from $p/.jsii"
  print="$(fingerprint "$p")"
  if [[ "${FORCE:-0}" != 1 && -d "$gen_src/${module%%.*}" && -f "$stamps/$module" \
        && "$(cat "$stamps/$module")" == "$print" ]]; then
    continue
  fi
  stale+=("$p") stale_modules+=("$module") stale_prints+=("$print")
done

if [[ ${#stale[@]} -gt 0 ]]; then
  say "generating Python sources with jsii-pacmak $pacmak_version: ${stale_modules[*]}"
  tmp="$(mktemp -d "$check_dir/.pacmak.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # One run for all: they share node's start-up and the assembly loading.
  # --no-npmignore: leave the packages' .npmignore files alone.
  node_modules/.bin/jsii-pacmak --target python --code-only --no-npmignore --no-fingerprint \
    -o "$tmp" "${stale[@]}" || die "jsii-pacmak failed"
  for i in "${!stale[@]}"; do
    top="${stale_modules[$i]%%.*}"
    [[ -d "$tmp/python/src/$top" ]] || die "jsii-pacmak produced no $tmp/python/src/$top"
    rm -f "$stamps/${stale_modules[$i]}"
    rm -rf "${gen_src:?}/$top"
    mv "$tmp/python/src/$top" "$gen_src/$top"
    echo "${stale_prints[$i]}" >"$stamps/${stale_modules[$i]}"
  done
  rm -rf "$tmp"
  trap - EXIT
fi

# --- 3. typing-only stub of the jsii runtime --------------------------------------------
# Same public signatures as jsii's own (typed, py.typed) runtime package, which is what mypy
# would read if `jsii` were installed. Nothing here is executable.
stub_dir="$check_dir/stubs/jsii"
mkdir -p "$stub_dir"
stub="$(cat <<'EOF'
# Generated by scripts/check-python.sh. A typing-only stub of the jsii Python runtime's public
# decorators and aliases, for mypy; the real package is `jsii` on PyPI.
from typing import Any, Callable, List, Mapping, Type, TypeVar, Union

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=Type[Any])

Number = Union[int, float]

class JSIIMeta(type):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any: ...

class JSIIAbstractClass(JSIIMeta): ...

def member(*, jsii_name: str) -> Callable[[F], F]: ...
def data_type(*, jsii_type: str, jsii_struct_bases: List[Type[Any]], name_mapping: Mapping[str, str]) -> Callable[[T], T]: ...
def enum(*, jsii_type: str) -> Callable[[T], T]: ...
def implements(*interfaces: Type[Any]) -> Callable[[T], T]: ...
def interface(*, jsii_type: str) -> Callable[[T], T]: ...
def proxy_for(abstract_class: Type[Any]) -> Type[Any]: ...

# Everything else (create, get, invoke, JSIIAssembly, ...) is used inside generated code only.
def __getattr__(name: str) -> Any: ...
EOF
)"
if [[ ! -f "$stub_dir/__init__.pyi" || "$(cat "$stub_dir/__init__.pyi")" != "$stub" ]]; then
  printf '%s\n' "$stub" >"$stub_dir/__init__.pyi"
fi

# --- 4. canary ---------------------------------------------------------------------------
# Each line below is an error mypy must report, silenced by a `# type: ignore[code]`. Under
# `strict` (warn_unused_ignores) an ignore that silences nothing is an error itself: if mypy
# ever stops seeing these mistakes (stub missing, methods turned Any, options loosened), the
# check fails instead of passing unchecked code.
canary_dir="$check_dir/canary"
mkdir -p "$canary_dir"
canary="$canary_dir/check_python_canary.py"
canary_text="$(cat <<'EOF'
# Generated by scripts/check-python.sh: mistakes mypy must catch (see the script).
from cdk8s import Size

from cdk_multisite import DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, VoterPlacement, WitnessSite

app = MultiSiteApp()
witness = WitnessSite(app, "w")
Latency.of_distance_km(kilometres=100)  # type: ignore[call-arg]
Latency.of_rtt_millis("3.5")  # type: ignore[arg-type]
SqlEngine.cockroach_db(replication_factr=5)  # type: ignore[call-arg]
SqlEngine.cockroach_db(storage_size=20)  # type: ignore[arg-type]
VoterPlacement(site=witness, voter=1)  # type: ignore[call-arg]
VoterPlacement(site=witness, voters="1")  # type: ignore[arg-type]
DistributedSqlCluster(app, "c", engine=SqlEngine.cockroach_db())  # type: ignore[call-arg]
MultiSiteApp(shape="stretched")  # type: ignore[arg-type]
Size.gibibytes("20")  # type: ignore[arg-type]
EOF
)"
if [[ ! -f "$canary" || "$(cat "$canary")" != "$canary_text" ]]; then
  printf '%s\n' "$canary_text" >"$canary"
fi

# --- 5. mypy ----------------------------------------------------------------------------
# shellcheck source=scripts/python-venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
if ! "$vpy" -m mypy --version >/dev/null 2>&1; then
  say "installing mypy into $venv (from the configured pip index)"
  pip_log="$(mktemp "${TMPDIR:-/tmp}/$me-pip.XXXXXX")"
  if ! "$vpy" -m pip install --quiet 'mypy>=1.10' >"$pip_log" 2>&1; then
    cat "$pip_log" >&2; rm -f "$pip_log"
    die "pip could not install mypy (log above); check 'pip config list' (the local mirror)"
  fi
  rm -f "$pip_log"
fi

say "$("$vpy" -m mypy --version) on ${files[*]#"$root"/} (+ canary)"
status=0
"$vpy" -m mypy --config-file "$config" "${files[@]}" "$canary" >"$check_dir/mypy.log" 2>&1 || status=$?
cat "$check_dir/mypy.log"
if [[ $status -eq 0 ]]; then
  say "OK"
  exit 0
fi
if grep -q 'check_python_canary' "$check_dir/mypy.log"; then
  say "the canary ${canary#"$root"/} failed: mypy no longer reports exactly the mistakes it must"
  say "catch (an 'unused type: ignore' means one went unseen; another error may mean the API renamed"
  say "something the canary calls: then update the canary in scripts/check-python.sh)."
fi
say "FAILED: mypy exit status $status"
exit "$status"
