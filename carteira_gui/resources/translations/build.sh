#!/usr/bin/env bash
# Regenerates the translations of the window:
#   1. pyside6-lupdate collects the source strings (English, tr()/translate()) of carteira_gui/gui into
#      carteira_pt_BR.ts, keeping the translations already there (edit them there, or with pyside6-linguist);
#   2. pyside6-lrelease compiles carteira_pt_BR.ts into carteira_pt_BR.qm, the file the window loads.
# Run it after changing a user-visible string, translate what it marks "unfinished", run it again and commit
# both files. tests/gui/test_translations.py fails while a string is untranslated or the .qm is stale.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${PYSIDE6_BIN:-$root/.venv/bin}"
lupdate="$bin/pyside6-lupdate"
lrelease="$bin/pyside6-lrelease"
[ -x "$lupdate" ] || lupdate="$(command -v pyside6-lupdate)"
[ -x "$lrelease" ] || lrelease="$(command -v pyside6-lrelease)"
cd "$root"
mapfile -t sources < <(find carteira_gui/gui -name '*.py' | LC_ALL=C sort)
"$lupdate" -silent -locations none -no-obsolete -target-language pt_BR "${sources[@]}" -ts "$here/carteira_pt_BR.ts"
"$lrelease" -silent "$here/carteira_pt_BR.ts" -qm "$here/carteira_pt_BR.qm"
