"""Robustness catalogue for exports: one bad input per case, one line of expectation."""

import pytest

from briefing.ui.snapshot import parse_size

BAD_SIZES = ["100000x100000", "7681x768", "1366x4321", "319x240", "1366", "x", "１３６６x768", "-1x768"]


@pytest.mark.parametrize("text", BAD_SIZES)
def test_snapshot_size_out_of_bounds_is_refused(text):
    with pytest.raises(ValueError, match="320x240 to 7680x4320"):
        parse_size(text)


GOOD_SIZES = [("320x240", (320, 240)), ("7680x4320", (7680, 4320)), ("1366X768", (1366, 768))]


@pytest.mark.parametrize("text, size", GOOD_SIZES)
def test_snapshot_size_within_bounds_is_accepted(text, size):
    assert parse_size(text) == size
