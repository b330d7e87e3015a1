"""Frozen entry point of the windowed executable on Windows: opens the desktop app (extra arguments go to it)."""

import sys

from briefing.ui.app import main

sys.exit(main(sys.argv[1:]))
