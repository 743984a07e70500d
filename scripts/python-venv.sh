# Sourced by the Python build scripts: makes sure the shared venv "$venv" exists and works, and
# sets "$vpy" to its interpreter. Needs "$venv" and the caller's say/die.
if [[ -x "$venv/bin/python" ]] && ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  say "venv $venv is broken (its interpreter does not start): recreating it"
  rm -rf "$venv"
fi
if [[ ! -x "$venv/bin/python" ]]; then
  py="${PYTHON:-python3}"
  command -v "$py" >/dev/null || die "no '$py' on PATH; set PYTHON to a Python 3 interpreter"
  say "creating venv $venv with $("$py" --version 2>&1)"
  "$py" -m venv "$venv" || die "'$py -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
fi
vpy="$venv/bin/python"
