#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml's ranges (run after changing a dependency, or to take updates):
#   requirements/app.txt  what the program needs (the wheel's dependencies): the README's install, the frozen app
#   requirements/dev.txt  app.txt + PostgreSQL driver + test tools + PyInstaller: what CI and developers install
# Both are universal (Linux, Windows, macOS; Python 3.11+) and carry hashes, so pip installs exactly these files.
# dev.txt is constrained by app.txt: the program is tested with the very versions users get.
# Needs uv (pip install uv). Commit both files; tests/packaging/test_lock.py checks them against pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-$(command -v uv || echo .venv/bin/uv)}"
common=(--universal --python-version 3.11 --generate-hashes --quiet --custom-compile-command "bash packaging/lock.sh")
"$uv" pip compile pyproject.toml "${common[@]}" -o requirements/app.txt "$@"
"$uv" pip compile pyproject.toml "${common[@]}" --extra postgres --extra test --extra freeze \
  -c requirements/app.txt -o requirements/dev.txt "$@"
