"""One anomaly list per producer (CSV and HTML): shared responsibility means each producer gets its own list.

The files are written from the new publication before it is swapped in, so an export always matches the
`anomalies` table users see.
"""

from __future__ import annotations

import csv
import html
import re
import unicodedata
from pathlib import Path

# Columns of the export, with their French headers; the anomalies table may carry more.
COLUMNS = {
    "anomaly_id": "Identifiant",
    "rule": "Règle",
    "source_id": "Source",
    "uai": "UAI",
    "siret": "SIRET",
    "cfd": "CFD",
    "rncp": "RNCP",
    "detail": "Détail",
    "resolution": "Résolution attendue",
    "first_seen": "Vu la première fois",
    "last_seen": "Vu la dernière fois",
    "status": "Statut",
}


def producer_slug(producer: str) -> str:
    """A file name for a producer: ASCII, lower case, words joined by dashes."""
    ascii_name = unicodedata.normalize("NFKD", producer).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "producteur-inconnu"


def _html_page(producer: str, as_of: str, headers: list[str], rows: list[tuple]) -> str:
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Anomalies — {html.escape(producer)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}th{{background:#eee}}</style></head>
<body><h1>Anomalies à traiter par {html.escape(producer)}</h1>
<p>Publication du {html.escape(as_of)} : {len(rows)} anomalie(s) ouvertes ou résolues, identifiants stables d'une
publication à l'autre (colonne « Identifiant »).</p>
<table><thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in headers)}</tr></thead>
<tbody>
{body}
</tbody></table></body></html>
"""


def export_by_producer(con, target: Path, as_of: str) -> dict[str, int]:
    """Write `<slug>.csv` and `<slug>.html` per producer of `main.anomalies`; return the rows per producer."""
    target.mkdir(parents=True, exist_ok=True)
    available = {row[0] for row in con.execute("describe main.anomalies").fetchall()}
    columns = [c for c in COLUMNS if c in available]
    headers = [COLUMNS[c] for c in columns]
    select = ", ".join(columns)
    counts = {}
    for (producer,) in con.execute("select distinct producer from main.anomalies order by producer").fetchall():
        rows = con.execute(
            f"select {select} from main.anomalies where producer = ? order by anomaly_id",  # noqa: S608
            [producer],
        ).fetchall()
        slug = producer_slug(producer)
        with (target / f"{slug}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(headers)
            writer.writerows(rows)
        (target / f"{slug}.html").write_text(_html_page(producer, as_of, headers, rows), encoding="utf-8")
        counts[producer] = len(rows)
    return counts
