"""Frozen entry point of the command line, the same as ``briefing``: with no command it opens the desktop app.

On Linux and macOS this is the bundle's only executable (HighNeedsBriefing, with the link ``briefing``); on
Windows it is briefing.exe, the console twin of the windowed HighNeedsBriefing.exe (packaging/entry_gui.py).
"""

import sys

# Finder once passed a process serial number (-psn_0_123) to apps it started; it is not a command.
arguments = [argument for argument in sys.argv[1:] if not argument.startswith("-psn_")]
if arguments:
    from briefing.cli import main

    sys.exit(main(arguments))
# What `briefing` does with no command (briefing.cli.app.cmd_gui), without first importing the command line's
# modules (argparse, multiprocessing...: some 40 ms of the desktop app's start).
from briefing.ui.app import main  # noqa: E402

sys.exit(main([]))
