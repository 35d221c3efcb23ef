"""The window's data files: ``icons/*.svg`` and ``translations/carteira_pt_BR.qm`` (read by ``gui.resources``).

A package (not a loose folder) so that the wheel, the sdist and the PyInstaller app carry them;
``translations/carteira_pt_BR.ts`` and ``translations/build.sh`` are the source of the ``.qm``.
"""
