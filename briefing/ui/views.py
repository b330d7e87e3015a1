"""The window's views, in tab order: their names (the command line's ``--view``, the settings file) and tab titles.

Plain data with no imports, so the window frame and the command line can name the views before Qt or the data
load.
"""

VIEWS = {"overview": "Overview", "funding": "Funding", "deficit": "Deficit", "demand": "Demand",   # Ctrl+1 to 8
         "compare": "Compare", "map": "Map", "safety-valve": "Safety valve && DBV", "ranking": "Ranking"}
