"""The Overview tab: headline cards, programme status with the agreement terms, and the plain-English summary.

It renders a core ``Briefing``; every number shown is a field of it, and each card opens its sources.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from briefing.analysis.briefing import Briefing, Headline, cite
from briefing.ui.labels import WrappedLabel, scaled_font

CARD_COLUMNS = 3


def terms_html(terms: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>&nbsp;{escape(v)}</td></tr>" for k, v in terms)
    return f"<table>{rows}</table>"


def programme_html(briefing: Briefing, detailed: bool = False) -> str:
    """The programme wording of the Briefing; ``detailed`` adds the terms, payments and sources (the
    Safety valve & DBV tab), as the PDF's programme section lists them."""
    parts = [f"<p>{escape(briefing.programme_summary)}</p>", f"<p>{escape(briefing.grant_note)}</p>"]
    sv, dbv = briefing.safety_valve, briefing.dbv
    if sv and sv.history and not detailed:       # the detailed terms list it as "Status history and notes"
        parts.append(f"<p><i>{escape(sv.history)}</i></p>")
    if sv and sv.payments:
        rows = "".join(f"<tr><td>{escape(p.financial_year)}</td><td align='right'>&nbsp;{escape(p.amount_text)}"
                       "</td></tr>" for p in sv.payments)
        parts.append(f"<p>Payments recorded (the list may be incomplete):</p><table>{rows}</table>")
    if sv and dbv:
        parts.append(f"<p>{escape(dbv.summary)}</p>")
    if detailed:
        for record in (sv, dbv):
            if record:
                parts.append(terms_html(record.terms()))
                parts.append("<p><b>Sources</b><br>" + "<br>".join(escape(cite(c)) for c in record.sources) + "</p>")
    return "".join(parts)


CARD_STYLE = ("#card { background: palette(base); border: 1px solid palette(mid); border-radius: 4px; }"
              "#card:focus { border: 2px solid palette(highlight); }")


class HeadlineCard(QFrame):
    """One headline figure. Click, Enter or Space opens its sources."""

    activated = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.source_ids: tuple[str, ...] = ()
        # Plain-text labels: a rich-text label lays its text out six times for one size hint, and a council switch
        # asks every card afresh. The one italic line and the link-coloured "Sources…" are labels of their own.
        self.label, self.value, self.basis = WrappedLabel(), QLabel(), WrappedLabel()
        self.period, self.missing, self.details, self.sources = QLabel(), WrappedLabel(), WrappedLabel(), QLabel()
        self.label.setFont(scaled_font(self, 1.0))
        self.value.setFont(scaled_font(self, 1.7))
        self.value.setObjectName("value")
        self.basis.setObjectName("basis")
        for label in (self.missing, self.details):        # figures' notes are never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        italic = QFont(self.missing.font())
        italic.setItalic(True)
        self.missing.setFont(italic)
        self.sources.setText("Sources…")
        self.sources.setForegroundRole(QPalette.ColorRole.Link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        for label in (self.label, self.value, self.basis):
            layout.addWidget(label)
        lines = QVBoxLayout()             # read as one paragraph, as their lines were
        lines.setSpacing(0)
        for label in (self.period, self.missing, self.details, self.sources):
            lines.addWidget(label)
        layout.addLayout(lines)
        layout.addStretch(1)

    def show_headline(self, headline: Headline, group_label: str) -> None:
        self.source_ids = headline.source_ids
        self.label.setText(headline.label)
        self.value.setText(headline.text)
        self.basis.setText(headline.basis)
        self.basis.setVisible(bool(headline.basis))
        lines = [f"Figures to {headline.period_text}"]         # as on page 1 of the PDF
        if headline.missing:
            lines.append(f"No figure: {headline.note or headline.status.replace('_', ' ')}")
        if headline.change_text:
            lines.append(headline.change_text)
        lines += headline.rank_lines(group_label)
        if headline.england_text:
            lines.append(headline.england_text)
        lines += headline.also_held
        self.period.setText(lines[0])
        self.missing.setText(lines[1] if headline.missing else "")
        self.missing.setVisible(headline.missing)
        details = "\n".join(lines[2 if headline.missing else 1:])
        self.details.setText(details)
        self.details.setVisible(bool(details))
        self.sources.setVisible(bool(headline.source_ids))
        self.setToolTip("Rank 1 = highest value. Click for the sources of this figure.")
        basis = f" ({headline.basis})" if headline.basis else ""
        self.setAccessibleName(f"{headline.label}, {headline.period_text}: {headline.text}{basis}")
        self.setAccessibleDescription(". ".join(lines[1:] + (["Press Enter for its sources"] if headline.source_ids
                                                                else [])))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.activated.emit(self.source_ids)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.source_ids)
        else:
            super().keyPressEvent(event)


class OverviewView(QScrollArea):
    sources_requested = Signal(tuple)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Overview: headline figures, summary and programmes")
        page = QWidget()
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.5))
        self.subtitle = WrappedLabel()
        self.cards: list[HeadlineCard] = []
        cards = QGridLayout()
        cards.setSpacing(8)
        for column in range(CARD_COLUMNS):            # equal columns whatever each council's texts
            cards.setColumnStretch(column, 1)
        self.cards_layout = cards
        summary_box, self.summary = self.text_box("Summary", Qt.TextFormat.PlainText)
        programme_box, self.programme = self.text_box("Safety valve and Delivering Better Value",
                                                      Qt.TextFormat.RichText)
        lower = QHBoxLayout()
        lower.addWidget(summary_box, 3)
        lower.addWidget(programme_box, 2)
        layout = QVBoxLayout(page)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(cards)
        layout.addLayout(lower)
        layout.addStretch(1)
        self.setWidget(page)

    def text_box(self, heading: str, text_format: Qt.TextFormat) -> tuple[QFrame, QLabel]:
        box = QFrame()
        box.setObjectName("box")
        box.setStyleSheet(CARD_STYLE.replace("#card", "#box"))
        title = QLabel(heading)
        title.setFont(scaled_font(self, 1.1))
        body = WrappedLabel()
        body.setTextFormat(text_format)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        body.setAccessibleName(heading)
        layout = QVBoxLayout(box)
        layout.addWidget(title)
        layout.addWidget(body, 1)
        return box, body

    def show_briefing(self, briefing: Briefing) -> None:
        self.title.setText(briefing.council.name)
        programme = ("safety valve" if briefing.safety_valve else "") or ("DBV" if briefing.dbv else "")
        self.subtitle.setText(
            briefing.council.description + (f" · {programme}" if programme else "")
            + f"\nCompared with {briefing.comparator_label}: "
            + (", ".join(name for _, name in briefing.comparators) or "none chosen"))
        while len(self.cards) < len(briefing.headlines):
            card = HeadlineCard()
            card.activated.connect(self.sources_requested)
            index = len(self.cards)
            self.cards_layout.addWidget(card, index // CARD_COLUMNS, index % CARD_COLUMNS)
            self.cards.append(card)
        for card, headline in zip(self.cards, briefing.headlines, strict=False):
            card.show_headline(headline, briefing.comparator_label)
        self.summary.setText("\n\n".join(s.text for s in briefing.summary))   # boundary changes included
        self.programme.setText(programme_html(briefing))
