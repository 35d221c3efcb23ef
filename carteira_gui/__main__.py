"""``python -m carteira_gui [--demo] [--screenshot DIR] [--db URL]``: starts the window, as main.py does."""

from carteira_gui.gui.app import main

if __name__ == "__main__":
    main()
