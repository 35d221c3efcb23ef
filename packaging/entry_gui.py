"""The frozen app's window (``carteira-gui``): the same entry point as the wheel's ``carteira-gui`` script."""

from carteira_gui.gui.app import main

if __name__ == "__main__":
    main()
