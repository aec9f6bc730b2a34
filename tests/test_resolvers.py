"""Download URLs found through a producer's listing: France compétences pages, data.gouv.fr dataset API."""

import dataclasses
import hashlib
import json
from datetime import date

import pytest

from orchestration.ingest.landing import LandingError, land
from orchestration.registry import SOURCES
from orchestration.settings import Settings
from tests.conftest import PROJECT_DIR, SAMPLES_DIR
from tests.http_server import send

AS_OF = date(2026, 11, 2)
LISTING = (
    "/referentiels-et-bases-de-donnees/?thematics=financement-de-la-formation-professionnelle-et-de-lapprentissage"
    "&group=referentiels&paged={page}"
)
NEWEST_NPEC = "/wp-content/uploads/2024/07/Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _remote(tmp_path) -> Settings:
    return Settings(tmp_path / "data", SAMPLES_DIR, PROJECT_DIR / "corrections", "remote", "carried")


def _card(href: str, published: str, title: str) -> str:
    """A document card of the France compétences listing: the whole card is the download link."""
    return f"""
      <a download href="{href}" class="card card--documents-list">
        <div class="card--documents-list__container">
          <p class="card--documents-list__container__date">{published}</p>
          <h3 class="card--documents-list__container__title">{title}</h3>
          <p class="card--documents-list__container__description">Financement de la formation professionnelle</p>
        </div>
      </a>"""


def _page(*cards: str) -> bytes:
    results = "".join(cards) or "<p>Aucun document ne correspond à votre recherche.</p>"
    return f"""<!DOCTYPE html>
<html lang="fr-FR">
<head><meta charset="UTF-8"><title>Référentiels et bases de données - France compétences</title></head>
<body>
  <header>
    <a href="/">Accueil</a> <a href="/referentiels-et-bases-de-donnees/">Référentiels et bases de données</a>
  </header>
  <main>
    <section class="block block--documents-list">
      <div class="block--documents-list__results">{results}
      </div>
      <nav class="pagination"><a class="next" href="{LISTING.format(page=2)}">Suivant</a></nav>
    </section>
  </main>
</body>
</html>""".encode()


def _serve_listing(server, *pages: bytes) -> None:
    for number, body in enumerate(pages, start=1):
        server.routes[LISTING.format(page=number)] = lambda handler, n, body=body: send(
            handler, 200, body, content_type="text/html; charset=UTF-8"
        )


def _npec(server, pages: list[str] | None = None):
    source = SOURCES["npec_referentiel"]
    spec = source.extra["page_link"] | {"pages": pages or [server.url(LISTING)]}
    return dataclasses.replace(source, extra=source.extra | {"page_link": spec})


UNRELATED = (
    _card("/wp-content/uploads/2024/10/Liste-des-CPNE-et-IDCC.xlsx", "02.10.24", "Liste des CPNE et des IDCC"),
    _card(
        "/wp-content/uploads/2022/09/Referentiel-NPEC-20222023_v24.08.203.xlsb.zip",
        "30.09.24",
        "Référentiel des NPEC 2022-2023 (format xlsb)",
    ),
)


def test_newest_npec_workbook_is_found_on_the_listing_pages_and_landed(server, tmp_path):
    """Date beats page order, other documents and `.xlsb.zip` files are skipped, pages are read to the end."""
    body = (SAMPLES_DIR / "npec" / "Referentiel-des-NPEC-15.07.2024_vMAJ-18.07.2024.xlsx").read_bytes()
    older = "/wp-content/uploads/2024/04/Referentiel-des-NPEC_vMAJ-09.04.2024.xlsx"
    _serve_listing(
        server,
        _page(*UNRELATED, _card(server.url(older), "09.04.24", "Référentiel des NPEC (mise à jour du 09.04.2024)")),
        _page(
            _card(NEWEST_NPEC, "18.07.24", "Référentiel des NPEC du 15.07.2024 (mise à jour du 18.07.2024)"),
            _card("/wp-content/uploads/2023/01/referentiel_des_npec-2-1.xlsx", "05.01.23", "Référentiel des NPEC"),
        ),
        _page(),
    )
    server.routes[NEWEST_NPEC] = lambda handler, n: send(handler, 200, body, content_type=XLSX)

    landed = land(_npec(server), AS_OF, _remote(tmp_path))

    assert [s.path for s in server.seen] == [LISTING.format(page=p) for p in (1, 2, 3)] + [NEWEST_NPEC]
    assert landed.origin == server.url(NEWEST_NPEC)
    assert landed.path == tmp_path / "data" / "raw" / "npec_referentiel" / "2026-11-02" / "npec_referentiel.xlsx"
    assert landed.sha256 == hashlib.sha256(body).hexdigest()
    assert landed.path.read_bytes() == body
    assert sorted(p.name for p in landed.path.parent.iterdir()) == [
        "npec_referentiel.xlsx",
        "npec_referentiel.xlsx.meta.json",
    ]


def test_listing_without_a_matching_link_is_refused_with_the_source_and_pages(server, tmp_path):
    _serve_listing(server, _page(*UNRELATED), _page())
    with pytest.raises(LandingError) as raised:
        land(_npec(server), AS_OF, _remote(tmp_path))
    pages = ", ".join(server.url(LISTING.format(page=p)) for p in (1, 2))
    assert str(raised.value) == f"source npec_referentiel: no link to a file named like '*npec*.xlsx' on {pages}"

    with pytest.raises(LandingError) as raised:
        land(_npec(server, [server.url("/gone/")]), AS_OF, _remote(tmp_path))
    assert str(raised.value).startswith(f"source npec_referentiel: unreadable listing {server.url('/gone/')} (")
    assert "HTTP 404" in str(raised.value)
    assert not (tmp_path / "data" / "raw" / "npec_referentiel" / "2026-11-02" / "npec_referentiel.xlsx").exists()


def test_newest_csv_resource_of_the_certif_info_dataset_is_downloaded(server, tmp_path):
    """Resource titles are unknown: the format filter keeps the CSV files, the newest of them is taken."""
    body = (SAMPLES_DIR / "certifinfo_cfd_aligned" / "certif_info.csv").read_bytes()
    api = "/api/1/datasets/referentiel-national-des-certifications/"

    def resource(title: str, fmt: str, modified: str) -> dict:
        return {"title": title, "format": fmt, "url": server.url(f"/{title}"), "last_modified": modified}

    listing = {
        "resources": [
            resource("opendata-certifinfo-27102024.csv", "csv", "2024-10-27T08:02:11.000000+00:00"),
            resource("opendata-certifinfo-01012025.csv", "csv", "2025-01-02T08:05:43.000000+00:00"),
            resource("opendata-certifinfo-01012025.json", "json", "2025-01-02T08:09:02.000000+00:00"),
        ]
    }
    server.routes[api] = lambda handler, n: send(
        handler, 200, json.dumps(listing).encode(), content_type="application/json"
    )
    server.routes["/opendata-certifinfo-01012025.csv"] = lambda handler, n: send(handler, 200, body)
    source = SOURCES["certif_info"]
    spec = source.extra["datagouv_latest"] | {"api": server.url(api)}
    assert spec == {"api": server.url(api), "title": "*", "format": "csv"}

    landed = land(dataclasses.replace(source, extra={"datagouv_latest": spec}), AS_OF, _remote(tmp_path))

    assert [s.path for s in server.seen] == [api, "/opendata-certifinfo-01012025.csv"]
    assert landed.origin == server.url("/opendata-certifinfo-01012025.csv")
    assert landed.sha256 == hashlib.sha256(body).hexdigest()
    assert landed.path.read_bytes() == body
