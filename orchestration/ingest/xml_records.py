"""Stream the records of an XML export (RNCP/RS flux v4.1) as numbered records under the registry's column names.

The national RNCP file weighs about 570 MB, so it is never loaded whole: `iterparse` hands over one record
element at a time, and each record is cleared and detached from its parent once read, so memory stays bounded
by the largest record whatever the size of the file. Parsing goes through defusedxml, which refuses any DTD,
entity declaration or external reference: an entity-expansion bomb ("billion laughs") or an external entity
(`<!ENTITY x SYSTEM "file:///etc/passwd">`) stops the load with a SourceFormatError before anything is expanded
or fetched. The official exports carry no DTD.

Configuration, in `source.extra`:
  record_tag   tag of a record element (`FICHE`); a record nested in another record is not a record of its own.
  xml_paths    raw column name → path relative to the record, ElementTree syntax (`ABREGE/CODE`). Each step only
               matches direct children: `ACTIF` is the fiche's own flag, never the `ACTIF` of `SI_JURY_CA/ACTIF`.
               A path ending in `[*]` is a list column: the texts of all matching elements, in document order,
               as JSON array text (`["RNCP40792"]`, the form the JSON reader gives nested arrays), null when
               nothing matches. Any other path is a scalar column: the text of its only matching element, or null.
               A scalar path matching several elements puts the record in quarantine (raw._quarantine).
  root_values  optional {tag: expected text} for direct children of the root element, e.g.
               {"VERSION_FLUX": "4.1"}: another value stops the load (the schema version is pinned).

Texts are whitespace-trimmed (pretty-printing indentation is not data); an empty text is null. Record numbers
(`_row_number`) count the record elements from 1, quarantined ones included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse

from orchestration.ingest.records import ReadReport, Rejected, SourceFormatError
from orchestration.registry import Source

LIST_SUFFIX = "[*]"
RAW_EXCERPT = 2000


def _text(element: Element) -> str | None:
    text = "".join(element.itertext()).strip()
    return text or None


def _column_specs(source: Source) -> list[tuple[str, str, bool]]:
    """(column, path, is_list) in registry column order; a column without a declared path uses its own name."""
    paths = source.extra.get("xml_paths", {})
    specs = []
    for column in source.columns:
        path = paths.get(column.name, column.name)
        is_list = path.endswith(LIST_SUFFIX)
        specs.append((column.name, path[: -len(LIST_SUFFIX)] if is_list else path, is_list))
    return specs


def _events(source: Source, handle, report_name: str) -> Iterator[tuple[str, Element]]:
    """The parser's start/end events, with refused declarations and syntax errors as SourceFormatError."""
    try:
        yield from iterparse(
            handle, events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as error:
        raise SourceFormatError(
            source.id,
            report_name,
            f"XML entity declarations are refused: the file declares a DTD, an entity or an external reference "
            f"({type(error).__name__}), which the official exports never do",
        ) from error
    except ParseError as error:
        line, column = error.position
        raise SourceFormatError(
            source.id, report_name, f"malformed XML at line {line}, column {column} ({error})"
        ) from error


def read_xml_records(source: Source, path: Path, report_name: str) -> tuple[ReadReport, Iterator[tuple]]:
    """Records as (record_number, value, …) in registry column order, one per `record_tag` element.

    The file is read up to its first record before returning, so that a refused declaration, a malformed
    start, a pinned-version mismatch or a missing required field fails here; later problems fail (or
    quarantine a record) while the records are consumed.
    """
    record_tag = source.extra.get("record_tag")
    if not record_tag:
        raise SourceFormatError(source.id, report_name, "no record_tag declared for this XML source")
    specs = _column_specs(source)
    required = {c.name for c in source.columns if c.required}
    root_values: dict[str, str] = source.extra.get("root_values", {})
    report = ReadReport(encoding="xml", header=[p + (LIST_SUFFIX if is_list else "") for _, p, is_list in specs])

    def values_of(record: Element, number: int) -> tuple | None:
        values: list[str | None] = []
        for column, column_path, is_list in specs:
            matches = record.findall(column_path)
            if is_list:
                values.append(
                    json.dumps([_text(m) for m in matches], ensure_ascii=False, separators=(",", ":"))
                    if matches
                    else None
                )
                continue
            if len(matches) > 1:
                reason = f"path '{column_path}' matches {len(matches)} elements, expected at most one"
                report.rejected.append(Rejected(number, reason, _excerpt(record), column))
                return None
            value = _text(matches[0]) if matches else None
            if value is None and column in required:
                if number == 1:  # the first record is the header: a missing field means the schema changed
                    raise SourceFormatError(
                        source.id, report_name, f"required field '{column_path}' is missing", row=1, column=column
                    )
                reason = f"required field '{column_path}' is empty"
                report.rejected.append(Rejected(number, reason, _excerpt(record), column))
                return None
            values.append(value)
        return (number, *values)

    def records() -> Iterator[tuple]:
        with path.open("rb") as handle:
            stack: list[Element] = []  # the open elements, root first
            open_records = 0
            number = 0
            for event, element in _events(source, handle, report_name):
                if event == "start":
                    stack.append(element)
                    open_records += element.tag == record_tag
                    continue
                stack.pop()
                if element.tag == record_tag:
                    open_records -= 1
                    if open_records:
                        continue  # nested in another record: part of that record
                    number += 1
                    record = values_of(element, number)
                    if record is not None:
                        yield record
                elif open_records or not stack:
                    continue  # inside a record (read with it), or the root itself
                elif len(stack) == 1 and element.tag in root_values:
                    found = _text(element)
                    if found != root_values[element.tag]:
                        raise SourceFormatError(
                            source.id,
                            report_name,
                            f"<{element.tag}> is {found!r}, expected {root_values[element.tag]!r} "
                            "(schema version not supported)",
                        )
                # Bounded memory: a finished record (or element between records) leaves the tree.
                element.clear()
                if stack:
                    stack[-1].remove(element)
            if number == 0:
                raise SourceFormatError(source.id, report_name, f"no <{record_tag}> record element found")

    iterator = records()
    first = next(iterator, None)  # eager: fail on the file's start, before the loader opens the warehouse
    return report, chain([first], iterator) if first is not None else iterator


def _excerpt(element: Element) -> str:
    return tostring(element, encoding="unicode")[:RAW_EXCERPT]
