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


# Rows shown on a producer's HTML page: a browser page stays readable; the CSV beside it holds every row. At
# national scale one producer has hundreds of thousands of anomalies (a page of ~100 MB, ~20 s to escape).
HTML_ROW_LIMIT = 2_000


def _cells(row: tuple, tag: str = "td") -> str:
    return "".join(f"<{tag}>{html.escape('' if v is None else str(v))}</{tag}>" for v in row)


def _html_page(
    producer: str, as_of: str, headers: list[str], rows: list[tuple], by_rule: list[tuple], csv_name: str
) -> str:
    """The producer's page: anomalies counted by rule, then the first HTML_ROW_LIMIT rows by identifier."""
    shown = rows[:HTML_ROW_LIMIT]
    extract = (
        f"Les {len(shown)} premières par identifiant ; la liste complète ({len(rows)} lignes) est dans "
        f'<a href="{html.escape(csv_name)}">{html.escape(csv_name)}</a>.'
        if len(shown) < len(rows)
        else f'Liste complète, aussi en CSV : <a href="{html.escape(csv_name)}">{html.escape(csv_name)}</a>.'
    )
    summary = "\n".join(f"<tr>{_cells(row)}</tr>" for row in by_rule)
    body = "\n".join(f"<tr>{_cells(row)}</tr>" for row in shown)
    return f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Anomalies — {html.escape(producer)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}th{{background:#eee}}</style></head>
<body><h1>Anomalies à traiter par {html.escape(producer)}</h1>
<p>Publication du {html.escape(as_of)} : {len(rows)} anomalie(s) ouvertes ou résolues, identifiants stables d'une
publication à l'autre (colonne « Identifiant »).</p>
<table><thead><tr>{_cells(("Règle", "Ouvertes", "Total"), "th")}</tr></thead>
<tbody>
{summary}
</tbody></table>
<p>{extract}</p>
<table><thead><tr>{_cells(headers, "th")}</tr></thead>
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
        by_rule = con.execute(
            "select rule, count(*) filter (where status = 'open'), count(*) from main.anomalies "
            "where producer = ? group by rule order by count(*) desc, rule",
            [producer],
        ).fetchall()
        slug = producer_slug(producer)
        with (target / f"{slug}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(headers)
            writer.writerows(rows)
        page = _html_page(producer, as_of, headers, rows, by_rule, f"{slug}.csv")
        (target / f"{slug}.html").write_text(page, encoding="utf-8")
        counts[producer] = len(rows)
    return counts
