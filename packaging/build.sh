#!/usr/bin/env bash
# Builds what users install, outside the source tree, from the project's .venv (requirements/dev.txt):
#   OUT/dist/carteira_sync-*.whl       the wheel
#   OUT/venv                           a fresh venv: requirements/app.txt + the wheel, nothing from the source tree
#   OUT/frozen/carteira-sync/          the PyInstaller one-folder app (packaging/carteira-sync.spec):
#                                      carteira-gui (the window) and carteira-sync (the command)
# Usage: bash packaging/build.sh [OUT]   (default: a new temporary folder)
# Then: CARTEIRA_TEST_BUILD=OUT .venv/bin/pytest tests/packaging   runs the installed and frozen programs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
out="${1:-}"
[ -n "$out" ] || out="$(mktemp -d -t carteira-build.XXXXXX)"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
case "$out/" in "$root"/*) echo "OUT must be outside the source tree ($root)"; exit 2 ;; esac
py="$root/.venv/bin/python"
export PIP_DISABLE_PIP_VERSION_CHECK=1
log="$out/build.log"
: >"$log"
# Runs a step quietly; on failure shows its output and stops.
step() { "$@" >>"$log" 2>&1 || { tail -n 60 "$log"; echo "FAILED: $*"; exit 1; }; }

echo "== wheel -> $out/dist"
rm -rf "$out/dist" build/lib build/bdist.*
step "$py" -m pip wheel --no-deps -w "$out/dist" .
wheel="$(ls "$out"/dist/carteira_sync-*.whl)"
rm -rf build/lib build/bdist.* && rmdir build 2>/dev/null || true  # setuptools' scratch folders in the tree

echo "== fresh venv with the wheel -> $out/venv"
rm -rf "$out/venv"
step "$("$py" -c 'import sys; print(sys._base_executable)')" -m venv "$out/venv"
cd "$out"  # nothing of the source tree on the path
step venv/bin/python -m pip install --require-hashes -r "$root/requirements/app.txt"
step venv/bin/python -m pip install --no-deps "$wheel"
step venv/bin/python -m pip check
cd "$root"

echo "== frozen app -> $out/frozen/carteira-sync"
step "$root/.venv/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$out/frozen" --workpath "$out/pyinstaller" \
  packaging/carteira-sync.spec
test -x "$out/frozen/carteira-sync/carteira-gui"
test -x "$out/frozen/carteira-sync/carteira-sync"
echo "built in $out"
