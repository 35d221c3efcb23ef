"""Resources inside the package, read through importlib.resources; pt-BR only, Qt's own dialogs included."""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from carteira_gui.gui import i18n, resources
from carteira_gui.gui.i18n import install_translations, remove_translations
from carteira_gui.gui.resources import MissingResource

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "carteira_gui" / "gui"


@pytest.fixture
def translators(qapp: QApplication) -> Iterator[list[QTranslator]]:
    installed = install_translations(qapp)
    yield installed
    remove_translations(qapp, installed)


def test_the_resources_are_inside_the_package_and_no_top_level_folder_is_left() -> None:
    assert resources.ICONS == ROOT / "carteira_gui" / "resources" / "icons"
    assert resources.TRANSLATIONS == ROOT / "carteira_gui" / "resources" / "translations"
    assert not (ROOT / "resources").exists()
    assert (resources.TRANSLATIONS / "carteira_pt_BR.qm").is_file()


def _icon_names_in_the_sources() -> set[str]:
    names: set[str] = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "icon" and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.add(arg.value)
    names |= set(resources.LEVEL_ICONS.values())
    names |= {f"lote-{status}" for status in ("aberto", "cotado", "embarcado", "faturado")}
    return names


def test_every_icon_the_window_names_is_a_file_of_the_package() -> None:
    names = _icon_names_in_the_sources()
    assert len(names) > 15
    assert sorted(n for n in names if not (resources.ICONS / f"{n}.svg").is_file()) == []


def test_a_missing_icon_is_an_error_not_a_blank_icon(qapp: QApplication) -> None:
    with pytest.raises(MissingResource, match=r"nao-existe\.svg"):
        resources.icon("nao-existe")
    assert not resources.icon("app").isNull()


def test_the_icons_are_checked_once_and_their_folder_logged(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    resources.check_icons.cache_clear()
    with caplog.at_level(logging.INFO, logger="carteira_gui.gui.resources"):
        assert resources.check_icons() == resources.ICONS
    assert re.search(r"resources: \d+ SVG icons in .*icons \(SVG drawn: yes\)", caplog.text)


def test_a_missing_resource_folder_stops_the_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resources, "files", lambda _package: tmp_path)
    resources.check_icons.cache_clear()
    try:
        with pytest.raises(MissingResource, match="Carteira Sync está incompleto"):
            resources.check_icons()
        with pytest.raises(MissingResource, match="translations"):
            i18n.catalogue_path(i18n.OUR_CATALOGUE)
    finally:
        resources.check_icons.cache_clear()


def test_a_missing_catalogue_is_an_error_and_installs_nothing(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = QCoreApplication.translate("MainWindow", "Fetch from Odoo")
    monkeypatch.setattr(i18n, "qt_translations_dirs", lambda: [tmp_path])
    with pytest.raises(MissingResource, match=r"qtbase_pt_BR\.qm"):
        install_translations(qapp)
    assert QCoreApplication.translate("MainWindow", "Fetch from Odoo") == before


def test_a_missing_catalogue_of_ours_uninstalls_qt_s_too(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = QCoreApplication.translate("QFileDialog", "Look in:")
    real = i18n.catalogue_path
    monkeypatch.setattr(
        i18n, "catalogue_path", lambda name: real(name) if name == i18n.QT_CATALOGUE else tmp_path / "x.qm"
    )
    with pytest.raises(MissingResource, match=r"x\.qm"):
        install_translations(qapp)
    assert QCoreApplication.translate("QFileDialog", "Look in:") == before


def test_qt_s_own_dialogs_speak_pt_br(qapp: QApplication, translators: list[QTranslator]) -> None:
    # Defect 13 of issue 13: standard buttons and message boxes came half in English.
    assert [Path(t.filePath()).name for t in translators] == ["qtbase_pt_BR.qm", "carteira_pt_BR.qm"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancelar"
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Sim"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Não"
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Procurar em:"


def test_our_catalogue_is_asked_first_and_logged(qapp: QApplication, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="carteira_gui.gui.i18n"):
        installed = install_translations(qapp)
    try:
        assert QCoreApplication.translate("MainWindow", "Fetch from Odoo") == "Buscar no Odoo"
        assert '("Fetch from Odoo" → "Buscar no Odoo")' in caplog.text
        assert '("Cancel" → "Cancelar")' in caplog.text
    finally:
        remove_translations(qapp, installed)


def test_english_is_gone_an_old_setting_still_gives_pt_br(qapp: QApplication) -> None:
    assert i18n.resolve_language("en") == "pt_BR"
    installed = install_translations(qapp, "en")
    try:
        assert QCoreApplication.translate("MainWindow", "Fetch from Odoo") == "Buscar no Odoo"
    finally:
        remove_translations(qapp, installed)


def test_the_window_has_no_language_option() -> None:
    from carteira_gui.gui.app import build_parser

    assert "--lang" not in build_parser().format_help()
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "en"])
