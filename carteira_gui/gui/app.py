"""Entry point of the window: ``carteira-gui`` and ``python main.py [--demo] [--screenshot DIR [--size WxH]]``."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import platformdirs
from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from carteira_gui import __version__
from carteira_gui.gui.errors import ErrorHub, install_excepthooks, is_expected, user_message
from carteira_gui.gui.first_paint import watch_first_paint
from carteira_gui.gui.i18n import install_translations
from carteira_gui.gui.logs import setup_logging
from carteira_gui.gui.resources import MissingResource, icon
from carteira_gui.gui.secrets import SecretStore
from carteira_gui.gui.ui_state import APPLICATION, ORGANIZATION, UiState
from carteira_gui.settings import APP_NAME

log = logging.getLogger(__name__)


def window_size(text: str) -> tuple[int, int]:
    """``1024x700`` → (1024, 700); what argparse says when the size is not one."""
    width, sep, height = text.lower().replace("×", "x").partition("x")
    try:
        size = (int(width), int(height)) if sep else None
    except ValueError:
        size = None
    if size is None or not (320 <= size[0] <= 10_000 and 240 <= size[1] <= 10_000):
        raise argparse.ArgumentTypeError(f"tamanho inválido: {text!r} (use LARGURAxALTURA, por exemplo 1280x800)")
    return size


def build_parser() -> argparse.ArgumentParser:
    """Options of the window."""
    parser = argparse.ArgumentParser(
        prog="carteira-gui",
        description="Carteira Sync: revisa e aplica a sincronização da carteira com o Odoo.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="demonstração: carteira de exemplo (recriada a cada início) e um Odoo local com os dados do dia seguinte",
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="DIR",
        help="com --demo: grava carteira.png, carteira-detalhe.png, lotes.png, plano.png, confirmacao.png, "
        "alertas.png e historico.png em DIR e sai",
    )
    parser.add_argument(
        "--size",
        type=window_size,
        metavar="LxA",
        help="com --screenshot: o tamanho da janela nas imagens, em pixels (padrão: 1280x800; p. ex. 1024x700)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="URL do banco (padrão: $CARTEIRA_DB_URL, a configuração, ou SQLite na pasta de dados); "
        "com --demo, o conteúdo desse banco é SUBSTITUÍDO pelos dados de demonstração",
    )
    parser.add_argument("--settings", type=Path, metavar="FILE", help="arquivo de configuração TOML")
    parser.add_argument(
        "--demo-lines",
        type=int,
        default=300,
        help="com --demo: quantas linhas tem a carteira de exemplo (padrão: 300)",
    )
    parser.add_argument("--version", action="version", version=f"carteira-gui {__version__}")
    return parser


def _qt_messages(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def _fail_to_start(error: BaseException, db_url: str = "", *, headless: bool = False) -> int:
    text = user_message(error, db_url) if is_expected(error) else f"{type(error).__name__}: {error}"
    log.error("cannot start: %s", text, exc_info=not is_expected(error))
    print(text, file=sys.stderr)
    if not headless:  # a modal box offscreen would wait for a click that never comes
        QMessageBox.critical(None, "Carteira Sync", text)
    return 1


def _quit_on_ctrl_c(qapp: QApplication, window: QWidget) -> None:
    # Python handles signals only between bytecodes; an idle timer lets Ctrl+C in the terminal close the
    # window properly (remembering its layout, joining workers) instead of being ignored by Qt's loop.
    signal.signal(signal.SIGINT, lambda *_args: window.close())
    timer = QTimer(qapp)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def run(argv: Sequence[str] | None = None) -> int:
    """Start the window (or render the demo screenshots) and return the exit status."""
    args = build_parser().parse_args(argv)
    if args.size is not None and args.screenshot is None:
        build_parser().error("--size só vale com --screenshot")
    if args.screenshot is not None:
        if not args.demo:
            build_parser().error("--screenshot precisa de --demo")
        # Pictures need no display: render offscreen unless the caller chose a platform.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log_file = setup_logging()
    log.info("carteira-gui %s starting (%s)", __version__, " ".join(sys.argv[1:]))
    qapp = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(qapp, QApplication)
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    qapp.setApplicationVersion(__version__)
    qInstallMessageHandler(_qt_messages)
    hub = ErrorHub()
    restore_hooks = install_excepthooks(hub)
    demo = None
    app = None
    try:
        try:  # icons and translations inside the package: missing ones stop the start (pt-BR only)
            qapp.setWindowIcon(icon("app"))
            translators = install_translations(qapp)
        except MissingResource as error:
            return _fail_to_start(error, headless=args.screenshot is not None)
        try:
            if args.demo:
                from carteira_gui.gui.demo import start_demo

                if args.screenshot is not None:
                    folder = Path(tempfile.mkdtemp(prefix="carteira-demo-"))
                else:
                    folder = Path(platformdirs.user_data_dir(APP_NAME)) / "demo"
                demo = start_demo(folder, args.db, lines=args.demo_lines)
                app, secrets = demo.app, demo.secrets
            else:
                from carteira_gui.bootstrap import build_app

                app = build_app(args.db, args.settings)
                secrets = SecretStore()
        except Exception as error:  # every failure to start becomes one clear message
            return _fail_to_start(error, args.db or "", headless=args.screenshot is not None)
        if args.screenshot is not None and demo is not None:
            ui_state = UiState.at(demo.folder / "ui.ini")
        else:
            ui_state = UiState.default()
        from carteira_gui.gui.window import MainWindow

        window = MainWindow(app, secrets=secrets, ui_state=ui_state, error_hub=hub)
        if args.screenshot is not None:
            from carteira_gui.gui.screenshots import SIZE, render_screenshots

            for path in render_screenshots(window, args.screenshot, size=args.size or SIZE):
                print(path)
            window.close_without_asking()
            return 0
        window.show()
        watch_first_paint(window)
        log.info("log file: %s", log_file)
        _quit_on_ctrl_c(qapp, window)
        code = qapp.exec()
        del translators
        return int(code)
    finally:
        if demo is not None:
            demo.close()
        elif app is not None:
            app.close()
        restore_hooks()
        qInstallMessageHandler(None)


def main(argv: Sequence[str] | None = None) -> None:
    """Script entry point (``carteira-gui``)."""
    sys.exit(run(argv))
