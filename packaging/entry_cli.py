"""Frozen entry point of the console executable: the same command line as ``briefing``."""

import sys

from briefing.cli import main

sys.exit(main())
