"""Find a council from what a person types: a DfE code, an ONS code, or (part of) a name."""

from __future__ import annotations

import difflib
import re

from briefing.data.dataset import Dataset


class CouncilNotFound(LookupError):
    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query, self.suggestions = query, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No council matches {query!r}.{hint}")


class AmbiguousCouncil(LookupError):
    def __init__(self, query: str, matches: list[tuple[str, str]]) -> None:
        self.query, self.matches = query, matches
        listed = "; ".join(f"{name} ({code})" for code, name in matches)
        super().__init__(f"{query!r} matches {len(matches)} councils: {listed}. Use a code or a fuller name.")


def simplify(text: str) -> str:
    text = text.lower().replace("&", " and ").replace(".", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def find_council(dataset: Dataset, query: str) -> str:
    """Return the DfE code for ``query``. Exact codes and names win; then whole-word prefixes; current
    councils are preferred over abolished ones with the same name (Dorset 838 over 835)."""
    wanted = simplify(query)
    if not wanted:
        raise CouncilNotFound(query, [])
    councils = dataset.councils
    for column in ("la_code", "ons_code"):
        hit = councils.index[councils[column].str.lower() == query.strip().lower()]
        if len(hit):
            return str(hit[0])

    names = {code: simplify(name) for code, name in councils["name"].items()}
    current = set(dataset.current_codes)

    def pick(codes: list[str]) -> str | None:
        if len(codes) == 1:
            return codes[0]
        live = [c for c in codes if c in current]
        if len(live) == 1:
            return live[0]
        if codes:
            raise AmbiguousCouncil(query, [(c, dataset.council_name(c)) for c in sorted(codes)])
        return None

    exact = [c for c, n in names.items() if n == wanted or n.split(" ", 1)[-1] == wanted
             or n.replace(" city of", "").replace(" county of", "") == wanted]
    found = pick(exact)
    if found:
        return found
    prefix = [c for c, n in names.items() if re.search(rf"\b{re.escape(wanted)}", n)]
    found = pick(prefix)
    if found:
        return found
    close = difflib.get_close_matches(wanted, list(names.values()), n=5, cutoff=0.6)
    suggestions = [dataset.council_name(c) for c, n in names.items() if n in close]
    raise CouncilNotFound(query, suggestions)
