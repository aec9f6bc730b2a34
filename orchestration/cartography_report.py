"""Cartography report: the identifier graph (`carto_nodes`, `carto_edges`) and the coverage figures of a
publication, as one self-contained HTML page (inline SVG drawn here, no script, no external resource).

Written from the new publication before it is swapped in, like the anomaly exports, so the report always
describes the tables users see.
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path

# Published tables the report reads; the publication writes it only when all of them are published.
TABLES_READ = ("carto_nodes", "carto_edges", "usage_coverage", "usage_unresolved", "coverage_cfd_rncp")
REPORT_NAME = "cartographie.html"
GRAPH_WIDTH, GRAPH_HEIGHT, GRAPH_RADIUS, NODE_RADIUS, LABEL_INSET = 1100, 820, 300, 34, 50
BAR_HEIGHT, BAR_LABEL_WIDTH, BAR_WIDTH = 22, 380, 300
CFD_RNCP_METRICS = {
    "active_cfd_with_rncp": "CFD actifs ayant au moins un RNCP",
    "apprenticeship_rncp_with_cfd": "Fiches RNCP ouvertes à l'apprentissage ayant un CFD",
}
# National figures: every académie, region and reference period of a consumer dataset summed.
NATIONAL_USAGE_COVERAGE = """
select consumer_source_id, consumer, correspondence, sum(row_count) as row_count,
    sum(resolved_count) as resolved_count, round(100.0 * sum(resolved_count) / sum(row_count), 2) as share_percent
from main.usage_coverage
group by consumer_source_id, consumer, correspondence
order by consumer_source_id, correspondence
"""
NODE_HEADERS = ["Identifiant", "Libellé", "Producteur", "Codes", "Sources", "Consommateurs"]
EDGE_HEADERS = [
    "Table",
    "De",
    "Vers",
    "Sources",
    "Liens courants",
    "Cardinalité",
    "Codes de départ",
    "Couverture",
    "Historisée",
    "Dernière connaissance",
]
STYLE = """body{font-family:sans-serif;margin:2em;max-width:75em}table{border-collapse:collapse;margin-bottom:1em}
td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}th{background:#eee}td.n{text-align:right}
svg text{font-size:12px}.halo{paint-order:stroke;stroke:#fff;stroke-width:5px;stroke-linejoin:round}"""


def _text(value) -> str:
    return "" if value is None else escape(str(value))


def _number(value) -> str:
    """A French-formatted number: thin spaces between thousands, a comma before the decimals."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")


def _percent(value) -> str:
    return "—" if value is None else f"{_number(float(value))} %"


def _coverage_colour(percent) -> str:
    """Red (0 %) to green (100 %); grey when the coverage is unknown."""
    return "#999" if percent is None else f"hsl({1.2 * float(percent):.0f},65%,38%)"


def _rows(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _table(table_id: str, headers: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "\n".join(
        "<tr>"
        + "".join(
            f'<td class="n">{_text(v)}</td>' if i in numeric else f"<td>{_text(v)}</td>" for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>'


def _polar(centre: tuple[float, float], radius: float, angle: float) -> tuple[float, float]:
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def _edge_path(
    centre: tuple[float, float], angles: dict, position: dict, source: str, target: str
) -> tuple[str, tuple[float, float], str]:
    """The SVG path of an arrow between two nodes, where its label goes and how the label is anchored: a table
    linking an identifier to itself (successions, lineages) is a loop outside the circle, labelled outside; other
    arrows are chords, labelled from their middle towards the centre, away from the nodes on the circle."""
    if source == target:
        angle, spread, reach = angles[source], 0.45, NODE_RADIUS + 55
        start = _polar(position[source], NODE_RADIUS, angle - spread)
        first, second = (_polar(position[source], reach, angle + s) for s in (-spread, spread))
        end = _polar(position[source], NODE_RADIUS + 3, angle + spread)
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (first, second, end))
        side = math.cos(angle)
        anchor = "start" if side > 0.3 else "end" if side < -0.3 else "middle"
        return f"M{start[0]:.1f},{start[1]:.1f} C{points}", _polar(position[source], reach, angle), anchor
    (x1, y1), (x2, y2) = position[source], position[target]
    angle = math.atan2(y2 - y1, x2 - x1)
    start, end = _polar((x1, y1), NODE_RADIUS, angle), _polar((x2, y2), NODE_RADIUS + 3, angle + math.pi)
    middle = ((x1 + x2) / 2, (y1 + y2) / 2)
    inset = min(LABEL_INSET, math.dist(middle, centre))
    label = _polar(middle, inset, math.atan2(centre[1] - middle[1], centre[0] - middle[0]))
    return f"M{start[0]:.1f},{start[1]:.1f} L{end[0]:.1f},{end[1]:.1f}", label, "middle"


def _circle_order(nodes: list[dict], edges: list[dict]) -> list[str]:
    """The identifiers in alphabetical order, each followed (depth first) by those it is linked to and not yet
    placed: linked identifiers sit side by side on the circle, their arrows cross no other node."""
    neighbours = {n["identifier"]: set() for n in nodes}
    for edge in edges:
        neighbours[edge["from_identifier"]].add(edge["to_identifier"])
        neighbours[edge["to_identifier"]].add(edge["from_identifier"])
    order: list[str] = []

    def visit(identifier: str) -> None:
        if identifier not in order:
            order.append(identifier)
            for other in sorted(neighbours[identifier]):
                visit(other)

    for identifier in sorted(neighbours):
        visit(identifier)
    return order


def _graph(nodes: list[dict], edges: list[dict]) -> str:
    """Nodes on a circle, correspondence tables as arrows over them; stroke width and colour tell the coverage."""
    centre = (GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2)
    order = _circle_order(nodes, edges)
    angles = {identifier: 2 * math.pi * i / len(order) - math.pi / 2 for i, identifier in enumerate(order)}
    position = {identifier: _polar(centre, GRAPH_RADIUS, angle) for identifier, angle in angles.items()}
    parts = []
    for node in nodes:
        x, y = position[node["identifier"]]
        parts.append(
            f'<g class="node" data-identifier="{_text(node["identifier"])}" data-codes="{_text(node["code_count"])}">'
            f"<title>{_text(node['label'])} ({_text(node['producer'])})</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{NODE_RADIUS}" fill="#e8eef7" stroke="#345"/>'
            f'<text x="{x:.1f}" y="{y - 2:.1f}" text-anchor="middle" font-weight="bold">'
            f"{_text(node['identifier'])}</text>"
            f'<text x="{x:.1f}" y="{y + 13:.1f}" text-anchor="middle">{_number(node["code_count"])} codes</text></g>'
        )
    for edge in edges:
        source, target = edge["from_identifier"], edge["to_identifier"]
        path, (lx, ly), anchor = _edge_path(centre, angles, position, source, target)
        coverage = edge["coverage_percent"]
        width = 1.5 + 4 * float(coverage or 0) / 100
        figures = f"{edge['observed_cardinality'] or '?'} · {_percent(coverage)}"
        parts.append(
            f'<g class="edge" data-table="{_text(edge["table_name"])}" data-from="{_text(source)}" '
            f'data-to="{_text(target)}" data-coverage="{_text(coverage)}">'
            f"<title>{_text(edge['table_name'])} : {escape(figures)}</title>"
            f'<path d="{path}" fill="none" stroke="{_coverage_colour(coverage)}" stroke-width="{width:.1f}" '
            'marker-end="url(#arrow)"/>'
            f'<text class="halo" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{_text(edge["table_name"])}'
            f'<tspan x="{lx:.1f}" dy="14">{escape(figures)}</tspan></text></g>'
        )
    return (
        f'<svg id="graph" xmlns="http://www.w3.org/2000/svg" width="{GRAPH_WIDTH}" height="{GRAPH_HEIGHT}" '
        f'viewBox="0 0 {GRAPH_WIDTH} {GRAPH_HEIGHT}" role="img" aria-label="Graphe des correspondances">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" '
        'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>'
        + "\n".join(parts)
        + "</svg>"
    )


def _bar_chart(svg_id: str, bars: list[tuple[str, float | None, str, str]]) -> str:
    """Horizontal bars of shares (0-100 %), one per (label, share, detail, tooltip)."""
    height = BAR_HEIGHT * len(bars) + 10
    parts = []
    for i, (label, share, detail, tooltip) in enumerate(bars):
        y = 5 + i * BAR_HEIGHT
        width = BAR_WIDTH * float(share or 0) / 100
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-share="{_text(share)}">'
            f"<title>{escape(tooltip)}</title>"
            f'<text x="{BAR_LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{BAR_LABEL_WIDTH}" y="{y + 2}" width="{BAR_WIDTH}" height="{BAR_HEIGHT - 6}" fill="#eee"/>'
            f'<rect x="{BAR_LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{BAR_HEIGHT - 6}" '
            f'fill="{_coverage_colour(share)}"/>'
            f'<text x="{BAR_LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 15}">{_percent(share)} ({escape(detail)})</text></g>'
        )
    total_width = BAR_LABEL_WIDTH + BAR_WIDTH + 160
    return (
        f'<svg id="{svg_id}" xmlns="http://www.w3.org/2000/svg" width="{total_width}" height="{height}" '
        f'viewBox="0 0 {total_width} {height}">' + "\n".join(parts) + "</svg>"
    )


def render_report(con, target: Path, as_of: str) -> Path:
    """Write `<target>/cartographie.html` from the publication open on `con`; return its path."""
    nodes = _rows(con, "select * from main.carto_nodes order by identifier")
    edges = _rows(con, "select * from main.carto_edges order by table_name")
    usage = _rows(con, NATIONAL_USAGE_COVERAGE)
    cfd_rncp = _rows(
        con,
        "select metric, numerator, denominator, share_percent from main.coverage_cfd_rncp "
        "where scope = 'all' order by metric",
    )
    unresolved = con.execute(
        "select producer_responsible, count(*) from main.usage_unresolved group by all order by 2 desc, 1"
    ).fetchall()
    node_table = _table(
        "nodes",
        NODE_HEADERS,
        [
            [n["identifier"], n["label"], n["producer"], n["code_count"], n["source_count"], n["consumer_count"]]
            for n in nodes
        ],
        numeric={3, 4, 5},
    )
    edge_table = _table(
        "edges",
        EDGE_HEADERS,
        [
            [
                e["table_name"],
                e["from_identifier"],
                e["to_identifier"],
                e["sources"],
                e["link_count"],
                e["observed_cardinality"],
                e["from_code_count"],
                _percent(e["coverage_percent"]),
                "oui" if e["is_historised"] else "non",
                e["last_known_from"],
            ]
            for e in edges
        ],
        numeric={4, 6, 7},
    )
    usage_chart = _bar_chart(
        "coverage-usage",
        [
            (
                f"{u['consumer_source_id']} — {u['correspondence']}",
                u["share_percent"],
                f"{u['resolved_count']}/{u['row_count']}",
                u["consumer"],
            )
            for u in usage
        ],
    )
    cfd_rncp_chart = _bar_chart(
        "coverage-cfd-rncp",
        [
            (
                CFD_RNCP_METRICS.get(c["metric"], c["metric"]),
                c["share_percent"],
                f"{c['numerator']}/{c['denominator']}",
                c["metric"],
            )
            for c in cfd_rncp
        ],
    )
    unresolved_table = _table("unresolved", ["Producteur qui peut corriger", "Lignes non résolues"], unresolved, {1})
    page = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Cartographie des identifiants — {escape(as_of)}</title>
<style>{STYLE}</style></head>
<body><h1>Cartographie des identifiants de l'apprentissage</h1>
<p>Publication du {escape(as_of)} : {len(nodes)} identifiants, {len(edges)} tables de correspondance.</p>
<h2>Graphe des correspondances</h2>
<p>Une flèche par table de correspondance (table · cardinalité observée · part des codes de départ liés) ;
épaisseur et couleur (du rouge au vert) suivent cette couverture.</p>
{_graph(nodes, edges)}
<h2>Identifiants</h2>
{node_table}
<h2>Tables de correspondance</h2>
{edge_table}
<h2>Couverture des jeux des usagers (national)</h2>
<p>Part des lignes de chaque jeu (dernier chargement, toutes académies, régions et périodes de référence) dont
l'identifiant se résout par la correspondance, à la date de référence du jeu.</p>
{usage_chart}
<h2>Couverture CFD ↔ RNCP</h2>
{cfd_rncp_chart}
<h2>Lignes non résolues par producteur</h2>
{unresolved_table}
</body></html>
"""
    target.mkdir(parents=True, exist_ok=True)
    report = target / REPORT_NAME
    report.write_text(page, encoding="utf-8")
    return report
