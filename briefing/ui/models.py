"""Item models: the council list (with its filters) and a read-only table of rows of text.

Both hold plain text prepared by the core or the dataset; they do no sums of their own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from briefing.analysis.briefing import current_councils
from briefing.data.dataset import Dataset

ANY = ""
SAFETY_VALVE, DBV, NEITHER = "safety valve", "DBV", "neither"
CODE_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def programmes_of(dataset: Dataset, code: str) -> tuple[str, ...]:
    """The programmes a council is in (a council can have moved from DBV to safety valve)."""
    found = []
    if code in dataset.safety_valve.index:
        found.append(SAFETY_VALVE)
    if code in dataset.dbv.index:
        found.append(DBV)
    return tuple(found)


class TextTableModel(QAbstractTableModel):
    """A read-only table of strings. ``sort_keys`` (same shape) lets numbers sort as numbers."""

    def __init__(self, header: Sequence[str] = (), rows: Sequence[Sequence[str]] = (),
                 sort_keys: Sequence[Sequence[object]] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.sort_keys: list[list[object]] = []
        self.set_rows(header, rows, sort_keys)

    def set_rows(self, header: Sequence[str], rows: Sequence[Sequence[str]],
                 sort_keys: Sequence[Sequence[object]] | None = None) -> None:
        self.beginResetModel()
        self.header = list(header)
        self.rows = [list(r) for r in rows]
        self.sort_keys = [list(k) for k in sort_keys] if sort_keys is not None else [list(r) for r in self.rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == SORT_ROLE:
            return self.sort_keys[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.header):
            return self.header[section]
        return None


class CouncilModel(QAbstractTableModel):
    """Today's councils: name, DfE code, ONS code, region, type, programmes (one row each)."""

    COLUMNS = ("Council", "DfE code", "ONS code", "Region", "Type", "Programme")

    def __init__(self, dataset: Dataset, parent=None) -> None:
        super().__init__(parent)
        self.rows = [(c.name, c.code, c.ons_code, c.region, c.kind, programmes_of(dataset, c.code))
                     for c in current_councils(dataset)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[index.column()]
            return ", ".join(value) if isinstance(value, tuple) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            programme = f" · {', '.join(row[5])}" if row[5] else ""
            return f"{row[0]} (DfE {row[1]}, {row[2]}) · {row[4]}, {row[3]}{programme}"
        if role == CODE_ROLE:
            return row[1]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def row_of(self, code: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r[1] == code), -1)

    def regions(self) -> list[str]:
        return sorted({r[3] for r in self.rows})

    def types(self) -> list[str]:
        return sorted({r[4] for r in self.rows})


class CouncilFilter(QSortFilterProxyModel):
    """Type-ahead on name or code (DfE or ONS), plus region, type and programme filters."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.region = ANY
        self.la_type = ANY
        self.programme = ANY

    def set_filters(self, text: str | None = None, region: str | None = None, la_type: str | None = None,
                    programme: str | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip().casefold()
        if region is not None:
            self.region = region
        if la_type is not None:
            self.la_type = la_type
        if programme is not None:
            self.programme = programme
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def best_row(self) -> int:
        """The shown row Enter picks: an exact name or code, then a whole word, then a name or word beginning
        with the text, then any other match; ties go to the first in the list. -1 when nothing is typed or shown."""
        if not self.text:
            return -1
        best, best_score = -1, 5
        for row in range(self.rowCount()):
            source = self.mapToSource(self.index(row, 0)).row()
            score = match_score(self.text, *self.sourceModel().rows[source][:3])
            if score < best_score:
                best, best_score = row, score
        return best

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        name, code, ons, region, la_type, programmes = self.sourceModel().rows[source_row]
        if self.text and not (self.text in name.casefold() or code.startswith(self.text)
                              or ons.casefold().startswith(self.text)):
            return False
        if self.region and region != self.region:
            return False
        if self.la_type and la_type != self.la_type:
            return False
        if self.programme == NEITHER:
            return not programmes
        return not self.programme or self.programme in programmes


def match_score(text: str, name: str, code: str, ons: str) -> int:
    """0 exact name or code, 1 a whole word of the name, 2 the name's start, 3 a word's start, 4 elsewhere."""
    name = name.casefold()
    if text in (name, code.casefold(), ons.casefold()):
        return 0
    words = re.split(r"[^a-z0-9]+", name)
    if text in words:
        return 1
    if name.startswith(text):
        return 2
    return 3 if any(w.startswith(text) for w in words) else 4


def frame_rows(frame: pd.DataFrame, columns: Sequence[str]) -> list[list[str]]:
    """The given columns of a table of strings, for a ``TextTableModel``."""
    return [[str(row[c]) for c in columns] for row in frame.to_dict("records")]
