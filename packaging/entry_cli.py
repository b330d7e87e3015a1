"""Frozen entry point of the command line, the same as ``briefing``: with no command it opens the desktop app.

On Linux and macOS this is the bundle's only executable (HighNeedsBriefing, with the link ``briefing``); on
Windows it is briefing.exe, the console twin of the windowed HighNeedsBriefing.exe (packaging/entry_gui.py).
"""

import sys

from briefing.cli import main

# Finder once passed a process serial number (-psn_0_123) to apps it started; it is not a command.
sys.exit(main([argument for argument in sys.argv[1:] if not argument.startswith("-psn_")]))
