"""The cartography report (data/publication/rapport/cartographie.html) of the nightly run on the real samples,
opened in real headless Chromium: the graph, the tables and the coverage plots render with the published figures.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from orchestration.cartography_report import render_report

CHROMIUM = Path("/usr/bin/chromium")
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        """Descendants with this tag whose attributes hold these values (`class_` for `class`)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and all(child.attrs.get(k) == v for k, v in wanted.items()):
                    found.append(child)
                found += child.find_all(tag, **attrs)
        return found

    def one(self, tag: str, **attrs: str) -> Element:
        [element] = self.find_all(tag, **attrs)
        return element


class DomParser(HTMLParser):
    """A tree of the (serialised) DOM, with the standard library."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        while len(self.open) > 1:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse(page: str) -> Element:
    parser = DomParser()
    parser.feed(page)
    parser.close()
    return parser.root


def rendered_dom(page: Path, profile: Path) -> Element:
    """The DOM of `page` once loaded by headless Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium absent ({CHROMIUM}) : lancez scripts/ensure_chromium.sh (appelé par `make test`).")
    completed = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "<svg" in completed.stdout, completed.stderr
    return parse(completed.stdout)


def rows(table: Element) -> list[list[str]]:
    return [[td.text() for td in tr.find_all("td")] for tr in table.one("tbody").find_all("tr")]


@pytest.fixture(scope="module")
def published(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    return workspace


def test_report_renders_graph_tables_and_coverage_in_chromium(published, tmp_path):
    report = published.data_dir / "publication" / "rapport" / "cartographie.html"
    dom = rendered_dom(report, tmp_path / "chromium")

    def query(sql):
        return published.query(sql, database=published.publication)

    assert dom.one("h1").text() == "Cartographie des identifiants de l'apprentissage"
    assert "Publication du 2026-11-02 : 11 identifiants, 8 tables de correspondance." in dom.text()
    # The graph: one node per identifier, one arrow per correspondence table, as published.
    graph = dom.one("svg", id="graph")
    nodes = {g.attrs["data-identifier"]: g for g in graph.find_all("g", class_="node")}
    edges = {g.attrs["data-table"]: g for g in graph.find_all("g", class_="edge")}
    assert query("select count(*) from carto_nodes") == [(len(nodes),)] == [(11,)]
    assert query("select count(*) from carto_edges") == [(len(edges),)] == [(8,)]
    assert sorted(nodes) == [i for (i,) in query("select identifier from carto_nodes order by 1")]
    assert nodes["uai"].text().endswith("2\u202f286 codes")
    [(uai_siret_coverage,)] = query("select coverage_percent from carto_edges where table_name = 'corr_uai_siret'")
    assert uai_siret_coverage == 94.3
    uai_siret = edges["corr_uai_siret"]
    assert (uai_siret.attrs["data-from"], uai_siret.attrs["data-to"]) == ("uai", "siret")
    assert uai_siret.attrs["data-coverage"] == "94.3"
    assert uai_siret.one("text").text() == "corr_uai_siretn:n · 94,3 %"
    assert len(uai_siret.find_all("path")) == 1
    # The tables: one row per node and per edge, with the published figures.
    node_rows = {row[0]: row for row in rows(dom.one("table", id="nodes"))}
    assert len(node_rows) == 11
    assert node_rows["uai"][3:] == [
        str(v)
        for v in query("select code_count, source_count, consumer_count from carto_nodes where identifier = 'uai'")[0]
    ]
    assert node_rows["uai"][3] == "2286"
    edge_rows = {row[0]: row for row in rows(dom.one("table", id="edges"))}
    assert len(edge_rows) == 8
    assert edge_rows["corr_uai_siret"][1:3] + edge_rows["corr_uai_siret"][4:8] == [
        "uai",
        "siret",
        "2258",
        "n:n",
        "2286",
        "94,3 %",
    ]
    # Coverage plots: one bar per consumer dataset × correspondence, one per CFD↔RNCP measure of scope 'all'.
    usage_bars = {b.attrs["data-label"]: b for b in dom.one("svg", id="coverage-usage").find_all("g", class_="bar")}
    assert query("select count(distinct (consumer_source_id, correspondence)) from usage_coverage") == [
        (len(usage_bars),)
    ]
    assert usage_bars["affelnet_offre_2022 — uai_to_siret"].attrs["data-share"] == "12.93"
    cfd_rncp_bars = dom.one("svg", id="coverage-cfd-rncp").find_all("g", class_="bar")
    assert [b.attrs["data-share"] for b in cfd_rncp_bars] == ["91.8", ""]
    # Unresolved rows per producer: as many as in usage_unresolved.
    unresolved = rows(dom.one("table", id="unresolved"))
    assert sum(int(count) for _, count in unresolved) == query("select count(*) from usage_unresolved")[0][0]


def test_report_escapes_published_text(tmp_path):
    con = duckdb.connect()
    con.execute(
        "create table carto_nodes as select * from (values"
        " ('uai', '<script>alert(1)</script>', 'MENJ & DEPP', 3, 1, 1),"
        " ('siret', 'SIRET', 'INSEE', 2, 1, 0)"
        ") t(identifier, label, producer, code_count, source_count, consumer_count)"
    )
    con.execute(
        "create table carto_edges as select 'uai' as from_identifier, 'siret' as to_identifier,"
        " 'corr_uai_siret' as table_name, 'a, b' as sources, 2 as link_count, '1:1' as observed_cardinality,"
        " 3 as from_code_count, 66.7 as coverage_percent, true as is_historised, date '2026-01-01' as last_known_from"
    )
    con.execute(
        "create table usage_coverage as select 'jeu' as consumer_source_id, 'Jeu <b>gras</b>' as consumer,"
        " 'uai_known' as correspondence, 4 as row_count, 1 as resolved_count"
    )
    con.execute("create table usage_unresolved as select '<i>Producteur</i>' as producer_responsible")
    con.execute(
        "create table coverage_cfd_rncp as select 'active_cfd_with_rncp' as metric, 'all' as scope,"
        " 1 as numerator, 2 as denominator, 50.0 as share_percent"
    )
    page = render_report(con, tmp_path / "rapport", "2026-01-01").read_text(encoding="utf-8")

    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "MENJ &amp; DEPP" in page
    dom = parse(page)
    assert len(dom.one("svg", id="graph").find_all("g", class_="node")) == 2
    [edge] = dom.one("svg", id="graph").find_all("g", class_="edge")
    assert edge.attrs == {
        "class": "edge",
        "data-table": "corr_uai_siret",
        "data-from": "uai",
        "data-to": "siret",
        "data-coverage": "66.7",
    }
    assert rows(dom.one("table", id="nodes"))[1][1] == "<script>alert(1)</script>"
    assert rows(dom.one("table", id="unresolved")) == [["<i>Producteur</i>", "1"]]
    [bar] = dom.one("svg", id="coverage-usage").find_all("g", class_="bar")
    assert (bar.attrs["data-label"], bar.attrs["data-share"]) == ("jeu — uai_known", "25.0")


def test_publication_metadata_links_the_report(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    [materialization] = result.asset_materializations_for_node("publication")
    report = workspace.data_dir / "publication" / "rapport" / "cartographie.html"
    assert materialization.metadata["rapport_cartographie"].path == str(report)
    assert report.is_file()
