"""Which numbers a measure can hold, checked on every import layer read back from disk (where it may have been
hand-edited), so nothing the charts and exports cannot draw ever reaches them. The importer's readers use the same
``LARGEST``."""

from __future__ import annotations

import math

from briefing.data.catalogue import LARGEST_PCT

# The largest plausible figure per unit, with room to spare: England's whole DSG is about £65bn, its population
# aged 0-25 about 18 million, and a percentage (a DSG balance as a share of DSG included) is at most 100. A figure
# beyond these is a typing or file error, and would break charts later.
LARGEST = {"gbp": 1e12, "count": 1e8, "persons": 1e8, "pct": 100.0}


def largest(unit: str, measure: str = "") -> float:
    """The largest plausible figure: by unit, except a percentage of an allocation, which may pass 100."""
    return LARGEST_PCT.get(measure, LARGEST.get(unit, 1e12)) if unit == "pct" else LARGEST.get(unit, 1e12)


def value_problem(value: float, unit: str, may_be_negative: bool, measure: str = "") -> str:
    """Why ``value`` cannot be a figure of a measure in ``unit`` (``may_be_negative`` for deficits), or ""."""
    largest_value = largest(unit, measure)
    if not math.isfinite(value):
        return f"{value} is not a finite number"
    if abs(value) > largest_value:
        return f"implausible value {value:,.10g} (beyond {largest_value:,.0f} for this measure)"
    if value < 0 and not may_be_negative:
        return f"negative value {value:,.10g}"
    if unit in ("count", "persons") and not value.is_integer():
        return f"a count must be a whole number ({value:,.10g})"
    return ""
