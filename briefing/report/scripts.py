"""Right-to-left text for ReportLab, which draws one glyph per character, left to right, in the order given.

ReportLab's own bidirectional support needs two optional compiled packages (rlbidi and uharfbuzz) that the app
does not ship, so Arabic, Persian and Urdu are prepared here: letters take their joining forms (the Unicode
presentation forms, which the bundled Noto Sans Arabic maps), and each printed line is put in visual order by
a simplified Unicode bidirectional algorithm: base direction from the first strong letter, numbers left to
right, neutrals between two runs of one direction take it, brackets mirrored. Embedding controls are removed
when notes are read, so there are no explicit levels. Hebrew needs reordering only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
FORMS = ("isolated", "final", "initial", "medial")
MIRRORS = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))
OPENING, CLOSING = "([{", ")]}"
ALEFS = "\u0622\u0623\u0625\u0627"        # lam before one of these must become a lam-alef ligature
JOIN_CAUSING = {"\u0640", "\u200d"}       # tatweel and zero width joiner join on both sides


@cache
def joining_forms() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """Every letter's presentation forms and the lam-alef ligatures, read from the Unicode database the
    standard library carries (a presentation form decomposes to ``<final> 0628``, for example)."""
    letters: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for code in [*range(0xFE70, 0xFEFD), *range(0xFB50, 0xFDFF)]:     # the basic Arabic forms first
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) < 2 or parts[0].strip("<>") not in FORMS:
            continue
        base = "".join(chr(int(part, 16)) for part in parts[1:])
        if len(base) == 1:
            letters.setdefault(base, {}).setdefault(parts[0].strip("<>"), chr(code))
        elif len(base) == 2 and base[0] == "\u0644" and base[1] in ALEFS:   # the other ligatures are optional
            ligatures.setdefault((base[0], base[1]), {}).setdefault(parts[0].strip("<>"), chr(code))
    return letters, ligatures


def is_mark(char: str) -> bool:
    return unicodedata.category(char) == "Mn"


def shape(text: str) -> str:
    """Arabic letters in their contextual forms (initial, medial, final, isolated) and lam-alef ligatures."""
    if not RTL.search(text):
        return text
    letters, ligatures = joining_forms()

    def joins_next(char: str | None) -> bool:           # dual-joining letters connect to the letter after them
        return char in JOIN_CAUSING or (char in letters and "initial" in letters[char])

    def joins_previous(char: str | None) -> bool:
        return char in JOIN_CAUSING or (char in letters and "final" in letters[char])

    def neighbour(index: int, step: int) -> str | None:
        index += step
        while 0 <= index < len(text) and is_mark(text[index]):
            index += step
        return text[index] if 0 <= index < len(text) else None

    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char not in letters:
            out.append(char)
            index += 1
            continue
        before, after = neighbour(index, -1), neighbour(index, 1)
        linked_before = joins_next(before) and joins_previous(char)
        if (char, after) in ligatures and text[index + 1:index + 2] == after:
            forms = ligatures[(char, after)]
            out.append(forms.get("final" if linked_before else "isolated", char + after))
            index += 2
            continue
        linked_after = joins_next(char) and joins_previous(after)
        form = ("medial" if linked_before else "initial") if linked_after else ("final" if linked_before else
                                                                                 "isolated")
        out.append(letters[char].get(form) or letters[char].get("isolated", char))
        index += 1
    return "".join(out)


def strong(char: str) -> str:
    """'R', 'L', 'N' (a number) or '' (neutral) for the bidirectional class of ``char``."""
    kind = unicodedata.bidirectional(char)
    if kind in ("R", "AL"):
        return "R"
    if kind == "L":
        return "L"
    if kind in ("EN", "AN"):
        return "N"
    return ""


def base_is_rtl(text: str) -> bool:
    """The paragraph direction: that of its first letter (rules P2, P3); left to right if it has none."""
    return next((kind == "R" for kind in map(strong, text) if kind in ("R", "L")), False)


def visual(text: str, rtl: bool | None = None) -> str:
    """One printed line in the order its glyphs are drawn, left to right, with Arabic shaped. ``rtl`` is the
    direction of the paragraph the line came from (default: found from the line itself)."""
    if not RTL.search(text):
        return text
    text = shape(text)
    base = (base_is_rtl(text) if rtl is None else rtl) and 1
    clusters: list[str] = []              # a letter with the marks that follow it: reordered as one
    for char in text:
        if clusters and is_mark(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    kinds = [strong(cluster[0]) for cluster in clusters]
    previous = "R" if base else "L"
    for index, kind in enumerate(kinds):            # rule W7: a number after left-to-right text is part of it
        if kind in ("R", "L"):
            previous = kind
        elif kind == "N" and previous == "L":
            kinds[index] = "L"
    for index, kind in enumerate(kinds):            # separators inside a number (1,000 or 2.5) join it
        if not kind and clusters[index] in ",.:/" and 0 < index < len(kinds) - 1 \
                and kinds[index - 1] == kinds[index + 1] and kinds[index - 1] in ("N", "L"):
            kinds[index] = kinds[index - 1]
    pair_brackets(clusters, kinds, "R" if base else "L")
    resolved = list(kinds)
    index = 0
    while index < len(kinds):                       # rules N1, N2: a run of neutrals between its neighbours
        if kinds[index]:
            index += 1
            continue
        end = index
        while end < len(kinds) and not kinds[end]:
            end += 1
        before = ("R" if kinds[index - 1] in ("R", "N") else "L") if index else ("R" if base else "L")
        after = ("R" if kinds[end] in ("R", "N") else "L") if end < len(kinds) else ("R" if base else "L")
        # rule L1: trailing spaces take the paragraph direction
        direction = before if before == after and end < len(kinds) else ("R" if base else "L")
        resolved[index:end] = [direction] * (end - index)
        index = end
    levels = []
    for kind in resolved:                           # rules I1, I2
        if base == 0:
            levels.append({"L": 0, "R": 1, "N": 2}[kind])
        else:
            levels.append({"L": 2, "R": 1, "N": 2}[kind])
    order = list(range(len(clusters)))
    for level in range(max(levels), 0, -1):          # rule L2: reverse every run at or above each odd level
        index = 0
        while index < len(order):
            if levels[order[index]] < level:
                index += 1
                continue
            end = index
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[index:end] = reversed(order[index:end])
            index = end
    return "".join(mirrored(clusters[i]) if levels[i] % 2 else clusters[i] for i in order)


def pair_brackets(clusters: list[str], kinds: list[str], embedding: str) -> None:
    """Rule N0: a bracket pair takes the direction of the text it encloses, so '(2024)' after Arabic in an
    English line stays whole. Numbers count as right-to-left here, as in rule N1."""
    stack: list[tuple[int, str]] = []
    pairs: list[tuple[int, int]] = []
    for index, cluster in enumerate(clusters):
        if cluster in OPENING:
            stack.append((index, CLOSING[OPENING.index(cluster)]))
        elif cluster in CLOSING:
            match = next((depth for depth in range(len(stack) - 1, -1, -1) if stack[depth][1] == cluster), None)
            if match is not None:
                pairs.append((stack[match][0], index))
                del stack[match:]
    for start, end in sorted(pairs):
        inside = {"R" if kind == "N" else kind for kind in kinds[start + 1:end] if kind}
        if not inside:
            continue
        direction = embedding       # enclosing only the other direction: the pair follows the text before it
        if embedding not in inside:
            direction = next(("R" if kind == "N" else kind for kind in reversed(kinds[:start]) if kind), embedding)
        kinds[start] = kinds[end] = direction


def mirrored(cluster: str) -> str:
    """A bracket in right-to-left text faces the other way (rule L4)."""
    return MIRRORS.get(cluster, cluster)
