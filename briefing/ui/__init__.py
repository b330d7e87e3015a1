"""The desktop app (PySide6 + pyqtgraph). The only package allowed to import Qt."""

import os

# pyqtgraph must pick PySide6 even when another binding is installed (and PyInstaller must see only one).
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
