"""Which URL to download for a source: its own, or the newest file of a listing its producer publishes.

Some producers have no stable file URL. data.gouv.fr datasets add each version as a new resource
(`extra["datagouv_latest"]`); France compétences links each dated workbook from a paginated web page
(`extra["page_link"]`). The listing is read at each download and the newest matching file is taken.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from orchestration.ingest.http import FetchError, fetch
from orchestration.registry import Source

log = logging.getLogger(__name__)

MAX_PAGES = 10
_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4}|\d{2})\b")


class LandingError(Exception):
    """A source that cannot be landed (defined here, where landing.py imports it, to avoid an import cycle)."""


def resolve_download_url(source: Source, work_dir: Path) -> str:
    """The URL of the file to download for `source`; listings are read through `work_dir` and removed."""
    if "datagouv_latest" in source.extra:
        return _datagouv_latest(source, source.extra["datagouv_latest"], work_dir)
    if "page_link" in source.extra:
        return _page_link(source, source.extra["page_link"], work_dir)
    return source.url


def _read(source: Source, url: str, work_dir: Path, max_bytes: int, forbidden: tuple[str, ...]) -> bytes:
    """A listing's body, through fetch() for its retries and size cap."""
    scratch = work_dir / "listing.download"
    try:
        fetch(url, scratch, source_id=source.id, max_bytes=max_bytes, forbidden_content_types=forbidden)
        return scratch.read_bytes()
    except FetchError as error:
        raise LandingError(f"source {source.id}: unreadable listing {url} ({error})") from error
    finally:
        scratch.unlink(missing_ok=True)


def _datagouv_latest(source: Source, spec: dict, work_dir: Path) -> str:
    """Newest resource of a data.gouv.fr dataset whose title matches `spec["title"]` (a glob) and, when given,
    whose format is `spec["format"]`: resource titles are not always known in advance (Certif Info)."""
    body = _read(source, spec["api"], work_dir, 64 * 1024**2, ("text/html",))
    try:
        resources = json.loads(body).get("resources", [])
    except (ValueError, AttributeError) as error:
        raise LandingError(f"source {source.id}: unreadable dataset listing {spec['api']} ({error})") from error
    wanted_format = spec.get("format", "").lower()
    matching = [
        r
        for r in resources
        if r.get("url")
        and fnmatch.fnmatch((r.get("title") or "").lower(), spec["title"].lower())
        and (not wanted_format or (r.get("format") or "").lower() == wanted_format)
    ]
    if not matching:
        kind = f"{wanted_format} resource" if wanted_format else "resource"
        raise LandingError(f"source {source.id}: no {kind} titled like '{spec['title']}' in {spec['api']}")
    newest = max(matching, key=lambda r: (r.get("last_modified") or r.get("created_at") or "", r["title"]))
    log.info("%s: newest resource %s (%s)", source.id, newest["title"], newest["url"])
    return newest["url"]


def _page_link(source: Source, spec: dict, work_dir: Path) -> str:
    """Newest link of the listing pages whose decoded file name matches `spec["file"]` (a glob).

    A page URL with `{page}` is read for pages 1, 2, … up to the first one offering no download (`<a download>`),
    as the France compétences listing ends. Links are ranked by the dd.mm.yy date of their text, then by their
    order on the pages (newest first there).
    """
    pages: list[str] = []
    links: list[_Link] = []
    for template in spec["pages"]:
        for number in range(1, MAX_PAGES + 1) if "{page}" in template else [None]:
            page = template.replace("{page}", str(number))
            pages.append(page)
            parser = _LinkParser(page)
            parser.feed(_read(source, page, work_dir, 4 * 1024**2, ()).decode("utf-8", errors="replace"))
            parser.close()
            if number and not any(link.download for link in parser.links):
                break
            links += parser.links
    pattern = spec["file"].lower()
    matching = [
        (link.published or date.min, -order, link.url)
        for order, link in enumerate(links)
        if fnmatch.fnmatch(unquote(PurePosixPath(urlsplit(link.url).path).name).lower(), pattern)
    ]
    if not matching:
        raise LandingError(f"source {source.id}: no link to a file named like '{spec['file']}' on {', '.join(pages)}")
    published, _, url = max(matching)
    log.info("%s: newest linked file %s (%s)", source.id, url, published)
    return url


@dataclass
class _Link:
    url: str
    download: bool  # offered for download (`<a download>`): a document, not a navigation link
    texts: list[str] = field(default_factory=list)

    @property
    def published(self) -> date | None:
        """A text that is only a date (a card's date element), else the first date of the link's text."""
        texts = [t for t in self.texts if _DATE.fullmatch(t.strip())] + self.texts
        for day, month, year in (m for t in texts for m in _DATE.findall(t)):
            try:
                return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
            except ValueError:
                continue
        return None


class _LinkParser(HTMLParser):
    """The `<a href>` links of a page, as absolute URLs, with their inner text."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base
        self.links: list[_Link] = []
        self.open: _Link | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            attributes = dict(attrs)
            href = (attributes.get("href") or "").strip()
            self.open = _Link(urljoin(self.base, href), "download" in attributes) if href else None
            if self.open:
                self.links.append(self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open.texts.append(data)
