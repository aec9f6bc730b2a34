"""The source registry: one declarative entry per source, which drives ingestion and documentation.

Each source module under `orchestration/sources/` declares a `SOURCE`; this module collects them, publishes
them as the `sources` table and renders the README's source list.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from dataclasses import dataclass, field

GRANULARITIES = ("organisme", "site", "offre", "certification", "individu")
FORMATS = ("csv", "zip", "xlsx", "json", "xml")


def normalise_header(name: str) -> str:
    """Header name → raw column name: accents dropped, lower case, runs of other characters → `_`.

    `Code postal`, `Code_postal` and `CODE-POSTAL` all become `code_postal`, so case and spacing drift
    never breaks a load; real renames are declared as aliases.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


@dataclass(frozen=True)
class Column:
    name: str  # raw column name, i.e. the normalised official header
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    producer: str
    dataset: str
    description: str
    url: str
    licence: str
    format: str
    encoding: str
    separator: str
    cadence: str
    identifiers: tuple[str, ...]
    granularity: str
    sample: str | None  # path relative to the samples directory; None when no public sample exists
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    method: str = "GET"
    quoting: bool = True
    archive_member: str | None = None
    max_bytes: int = 2 * 1024**3
    access_note: str = ""
    # Most days two different files of the source may lie apart before we suspect the producer stopped
    # publishing (orchestration/checks/freshness.py); None for a frozen file, never republished.
    update_days: int | None = None
    # Columns carrying a SIREN or SIRET: they define which SIRENs the SIRENE stock files keep.
    siret_columns: tuple[str, ...] = ()
    # For SIRENE stock files downloaded in full: keep only the rows whose SIREN (first 9 characters of this
    # column) is carried by another loaded source, so that memory and storage do not grow with the file.
    filter_siren_column: str | None = None
    # A file kept in the repository's corrections directory, read in every mode (reviewed decisions).
    corrections_file: str | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"source {self.id}: duplicate column names")
        missing = set(self.key) - set(names)
        if missing:
            raise ValueError(f"source {self.id}: key columns {sorted(missing)} are not declared")
        if self.granularity not in GRANULARITIES or self.format not in FORMATS:
            raise ValueError(f"source {self.id}: unknown granularity or format")
        if self.update_days is not None and self.update_days < 1:
            raise ValueError(f"source {self.id}: update_days must be at least 1 day")

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def raw_table(self) -> str:
        return f'raw."{self.id}"'


def _discover() -> dict[str, Source]:
    from orchestration import sources as package

    found: dict[str, Source] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for source in getattr(module, "SOURCES", None) or [module.SOURCE]:
            if source.id in found:
                raise ValueError(f"source id {source.id} is declared twice")
            found[source.id] = source
    return found


SOURCES: dict[str, Source] = _discover()


def registry_rows() -> list[dict]:
    """The registry as rows of the published `sources` table."""
    return [
        {
            "source_id": s.id,
            "producer": s.producer,
            "dataset": s.dataset,
            "description": s.description,
            "url": s.url,
            "http_method": s.method,
            "access_note": s.access_note,
            "licence": s.licence,
            "format": s.format,
            "archive_member": s.archive_member,
            "encoding": s.encoding,
            "separator": s.separator,
            "cadence": s.cadence,
            "identifiers": ", ".join(s.identifiers),
            "granularity": s.granularity,
            "business_key": ", ".join(s.key),
            "required_columns": ", ".join(c.name for c in s.columns if c.required),
            "sample_file": f"data/samples/{s.sample}" if s.sample else None,
        }
        for s in SOURCES.values()
    ]


README_BEGIN = "<!-- sources:begin (generated by `make readme-sources`, do not edit) -->"
README_END = "<!-- sources:end -->"


def readme_section() -> str:
    lines = [
        README_BEGIN,
        "| Source | Producteur | Jeu de données | Format | Cadence | Identifiants | Granularité | Licence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in SOURCES.values():
        fmt = f"{s.format}, `{s.separator}`, {s.encoding}"
        lines.append(
            f"| `{s.id}` | {s.producer} | [{s.dataset}]({s.url}) | {fmt} | {s.cadence} | "
            f"{', '.join(s.identifiers)} | {s.granularity} | {s.licence} |"
        )
    lines.append(README_END)
    return "\n".join(lines)


def render_readme(text: str) -> str:
    """Replace the generated source list inside the README text."""
    start, end = text.index(README_BEGIN), text.index(README_END) + len(README_END)
    return text[:start] + readme_section() + text[end:]
