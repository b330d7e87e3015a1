"""How figures are written for people: one place, so the screen, the PDF and the CLI agree."""

from __future__ import annotations

import math

MINUS = "\u2212"


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value: float | None, unit: str, compact: bool = True) -> str:
    """'£123.4m', '−£12.3m', '20,635', '5.3%', '£1,234 per EHC plan'-style units are left to the label."""
    if is_missing(value):
        return "n/a"
    sign = MINUS if value < 0 else ""
    size = abs(value)
    if unit == "gbp":
        if compact and size >= 1e9:
            return f"{sign}£{size / 1e9:.2f}bn"
        if compact and size >= 1e6:
            return f"{sign}£{size / 1e6:.1f}m"
        if compact and size >= 1e4:
            return f"{sign}£{size / 1e3:.0f}k"
        return f"{sign}£{size:,.0f}"
    if unit == "pct":
        return f"{sign}{size:.1f}%"
    if unit == "ratio":
        return f"{sign}{size:,.2f}"
    if size != int(size):
        return f"{sign}{size:,.1f}"
    return f"{sign}{size:,.0f}"


def format_stored_gbp(raw: str, missing: str) -> str:
    """A £ amount kept as text in the programme tables, or ``missing`` when the sources give none."""
    try:
        return format_value(float(raw), "gbp")
    except (TypeError, ValueError):
        return missing


def format_change(change: float | None, unit: str) -> str:
    """A change in the measure's own unit, signed: '+1,228', '−£3.1m', '+0.4 points'."""
    if is_missing(change):
        return "n/a"
    plus = "+" if change > 0 else ""
    if unit == "pct":
        return f"{plus}{MINUS if change < 0 else ''}{abs(change):.1f} points"
    return f"{plus}{format_value(change, unit)}"


def format_percent_change(ratio: float | None) -> str:
    if is_missing(ratio):
        return "n/a"
    plus = "+" if ratio > 0 else ""
    return f"{plus}{MINUS if ratio < 0 else ''}{abs(ratio) * 100:.0f}%"


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def month_year(iso_date: str) -> str:
    """'2023-04-01' as 'April 2023'; English whatever the user's locale (Qt sets the C library's)."""
    return f"{MONTHS[int(iso_date[5:7]) - 1]} {iso_date[:4]}"
