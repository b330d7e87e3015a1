"""Periods as the sources write them: '2025' (a January, calendar or mid year) or '2023-24' (a financial year).

Kept as text everywhere so the CLI, the PDF and the CSVs show exactly what the source published.
"""

from __future__ import annotations

from collections.abc import Mapping

PERIOD_TYPE_LABELS = {
    "january": "January census",
    "calendar_year": "calendar year",
    "financial_year": "financial year",
    "financial_year_end": "at 31 March, end of financial year",
    "mid_year": "mid-year estimate (30 June)",
}


def period_start_year(period: str) -> int:
    return int(period[:4])


def period_sort_key(period: str) -> int:
    return period_start_year(period)


def period_bounds(period: str, period_type: str) -> tuple[str, str]:
    """First and last ISO date the period covers (a census or balance date covers one day)."""
    year = period_start_year(period)
    if period_type == "january":
        return f"{year}-01-15", f"{year}-01-15"
    if period_type == "mid_year":
        return f"{year}-06-30", f"{year}-06-30"
    if period_type == "calendar_year":
        return f"{year}-01-01", f"{year}-12-31"
    if period_type == "financial_year":
        return f"{year}-04-01", f"{year + 1}-03-31"
    if period_type == "financial_year_end":
        return f"{year + 1}-03-31", f"{year + 1}-03-31"
    raise ValueError(f"unknown period type {period_type!r}")


def existed_during(in_use_from: str, in_use_to: str, period: str, period_type: str) -> bool:
    """Whether a council with these (ISO, possibly empty) lifetime dates existed at any time in the period."""
    start, end = period_bounds(period, period_type)
    return (in_use_from or "1900-01-01") <= end and (in_use_to or "2999-12-31") >= start


def financial_year(start_year: int) -> str:
    return f"{start_year}-{str(start_year + 1)[2:]}"


def describe_period(period: str, period_type: str) -> str:
    """Human wording: 'January 2025', '2023-24', '31 March 2024'."""
    year = period_start_year(period)
    if period_type == "january":
        return f"January {year}"
    if period_type == "mid_year":
        return f"mid-{year}"
    if period_type == "financial_year_end":
        return f"31 March {year + 1}"
    return period


def council_exists(council: Mapping[str, str], period: str, period_type: str) -> bool:
    """Whether a council (a row of councils.csv) existed during the period."""
    return existed_during(council["in_use_from"], council["in_use_to"], period, period_type)
