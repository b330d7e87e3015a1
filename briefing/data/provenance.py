"""How a source address is named to a reader.

Some programme facts were read in copies of articles republished on other sites (the originals were not
stored). The address kept is where the figure was actually read; ``data/citations.csv`` (``Dataset.citation``)
names the original publisher, document and address of each. For an address it does not list, the label here says
whose article a known copy holds, so a reader sees "Schools Week article" rather than an unfamiliar site or a
misleading page slug.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    # Hansard and press-release reproductions, and a council page served from its web host's address
    "eldaddp.azurewebsites.net": "UK Parliament written answer",
    "parallelparliament.co.uk": "UK Parliament record",
    "streetguide.co.uk/parliament": "UK Parliament written answer",
    "parliamenttoday.com": "republished statement",
    "hillingdon.lbhill1-prd.gosshosted.com": "Hillingdon Council news article",
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


@dataclass(frozen=True)
class Citation:
    """What a reader is shown for a source: the original publisher, document and address. Where only a copy
    was read, ``copy_url`` keeps it as provenance (figures file, data package); it is never the citation."""

    publisher: str
    title: str
    url: str                 # the original's address; "" when the original is not identified
    published: str = ""
    licence: str = ""
    copy_url: str = ""

    @property
    def document(self) -> str:
        """The document's title, or "" where only the publication is known (the title is the publisher's name)."""
        return "" if self.title in ("", self.publisher) else self.title

    @property
    def shown_url(self) -> str:
        """The address a reader may follow: the original's, never a copy's."""
        return self.url


def cite_address(url: str) -> Citation:
    """A programme source address as a citation: an original names its site; a copy names the publication
    whose text it holds, with no address to follow until the original is identified."""
    site = host(url)
    where = site + urlsplit(url).path
    for prefix, publication in COPIES.items():
        if where.startswith(prefix):
            return Citation(publication, publication, "", copy_url=url)
    return Citation(site, site, url)
