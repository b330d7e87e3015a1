"""How a source address is named to a reader.

Some programme facts were read in copies of articles republished on other sites (the originals were not
stored). The address kept is where the figure was actually read; the label says whose article it is, so a
briefing names "Schools Week article (copy at …)" rather than an unfamiliar site or a misleading page slug.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# host (or host + path prefix) -> the publication whose text the copy holds
COPIES = {
    "bestrealestatecompanytoworkfor.net": "Schools Week article",
    "lossofbraintrust.com": "Schools Week article",
    "universitytrends.co.uk": "Schools Week article",
    "britishreports.com": "PA Media report",
    "room151.dev.docandtee.com": "Room151 article",
    "paperlessts.com": "Local Government Chronicle article",
    "chinaview.cn": "Xinhua report citing the Guardian",
    "fly1.wordsworth.site": "gov.uk page",
    "govukdiff.njk.onl": "gov.uk page",
    "github.com/olamideokulaja-debug": "third-party list of DBV grant recipients (from DfE's letter of 28 Nov 2023)",
}


# What a recorded safety valve status means: "active" only says no suspension or completion was reported.
SAFETY_VALVE_STATUS = {
    "active": "active (no suspension or completion reported)",
    "under_review": "under review since March 2024, with most 2023-24 payments withheld",
    "completed": "completed",
}


def safety_valve_status(status: str) -> str:
    return SAFETY_VALVE_STATUS.get(status, status.replace("_", " "))


def host(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.") or url


def url_label(url: str) -> str:
    """'schoolsweek.co.uk' for an original; 'Schools Week article (copy at lossofbraintrust.com)' for a copy."""
    site = host(url)
    where = site + urlsplit(url).path
    for prefix, publication in COPIES.items():
        if where.startswith(prefix):
            return f"{publication} (copy at {site})"
    return site
