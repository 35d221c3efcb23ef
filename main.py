"""Starts the Carteira Sync window: ``python main.py [--demo] [--screenshot DIR] [--db URL]``."""

from carteira_gui.gui.app import main

if __name__ == "__main__":
    main()
