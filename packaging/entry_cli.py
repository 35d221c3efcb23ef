"""The frozen app's command (``carteira-sync``): the same entry point as the wheel's ``carteira-sync`` script."""

from carteira_gui.cli import main

if __name__ == "__main__":
    main()
