"""Translations: every string of the window has a pt-BR translation, the .qm is current, pt-BR is the only language."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carteira_gui.gui.formatting import fmt_qtd
from carteira_gui.gui.i18n import install_translations, remove_translations
from carteira_gui.gui.resources import TRANSLATIONS
from carteira_gui.gui.window import TAB_HISTORY
from tests.gui.conftest import Env, WindowFactory

TS = TRANSLATIONS / "carteira_pt_BR.ts"
QM = TRANSLATIONS / "carteira_pt_BR.qm"


def _tool(name: str) -> str | None:
    local = Path(__file__).resolve().parents[2] / ".venv" / "bin" / name
    return str(local) if local.exists() else shutil.which(name)


def test_every_source_string_is_translated() -> None:
    untranslated = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text for f in translation.iter("numerusform")] or [translation.text]
            if translation.get("type") in ("unfinished", "obsolete", "vanished") or not all(forms):
                untranslated.append((name, message.findtext("source")))
    assert untranslated == []


def test_the_sources_have_no_string_missing_from_the_ts(tmp_path: Path) -> None:
    lupdate = _tool("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    copy = tmp_path / "carteira_pt_BR.ts"
    shutil.copyfile(TS, copy)
    root = Path(__file__).resolve().parents[2]
    sources = sorted(str(p) for p in (root / "carteira_gui" / "gui").rglob("*.py"))
    subprocess.run([lupdate, "-silent", "-locations", "none", "-no-obsolete", *sources, "-ts", str(copy)], check=True)
    assert copy.read_text(encoding="utf-8") == TS.read_text(encoding="utf-8"), (
        "carteira_gui/resources/translations/carteira_pt_BR.ts is out of date: "
        "run carteira_gui/resources/translations/build.sh"
    )


def test_the_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    lrelease = _tool("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run carteira_gui/resources/translations/build.sh and commit the .qm"


def test_the_window_speaks_pt_br_only(
    qapp: QApplication, env: Env, make_window: WindowFactory, pt_br_translators: list[Any]
) -> None:
    window = make_window(env)
    assert window.fetch_action.text() == "Buscar no Odoo"
    assert window.tabs.tabText(TAB_HISTORY) == "&Histórico"  # Alt+H opens it
    assert window.carteira_tab.model.headerData(6, Qt.Orientation.Horizontal) == "Qtd saldo"
    assert fmt_qtd(Decimal("-1234.5")) == "−1.234,5"

    # English was removed (CHANGELOG 0.1.0): an old "en" setting still gives the pt-BR window.
    remove_translations(qapp, pt_br_translators)
    try:
        pt_br_translators[:] = install_translations(qapp, "en")
        again = make_window(env)
        assert again.fetch_action.text() == "Buscar no Odoo"
        assert fmt_qtd(Decimal("-1234.5")) == "−1.234,5"
    finally:
        remove_translations(qapp, pt_br_translators)
        pt_br_translators[:] = install_translations(qapp)
    assert fmt_qtd(Decimal("0.125")) == "0,125"
