"""PyInstaller runtime hook: the bundle ships only PySide6, so pyqtgraph must not look for another binding."""

import os

os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"
