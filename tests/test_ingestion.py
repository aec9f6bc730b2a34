"""Generic ingestion on the real samples: encodings, header drift, ragged rows, archives, landing, HTTP."""

import csv
import dataclasses
import hashlib
import io
import json
import zipfile
from datetime import date

import duckdb
import openpyxl
import pytest

from orchestration.ingest.archives import ArchiveError
from orchestration.ingest.landing import LandingError
from orchestration.ingest.loader import load_source
from orchestration.ingest.records import SourceFormatError, read_csv_records, read_xlsx_records
from orchestration.registry import SOURCES, normalise_header
from orchestration.settings import get_settings
from tests.http_server import send

D1 = date(2026, 11, 2)
ACCE = SOURCES["acce_uai"]
ANNUAIRE = SOURCES["annuaire_education"]
BCN = SOURCES["bcn_n_formation_diplome"]
CFA = SOURCES["depp_cfa_sous_convention"]


def _column(source, name):
    return source.column_names.index(name) + 1  # records start with the row number


def test_acce_sample_is_read_as_latin1(workspace):
    report, records = read_csv_records(ACCE, workspace.sample(ACCE.sample), "ACCE_UAI.csv")
    rows = list(records)
    assert report.encoding == "latin-1"
    assert [r[0] for r in rows] == [2, 3, 4, 5, 6]
    first = rows[0]
    assert first[_column(ACCE, "numero_uai")] == "0010001W"
    assert first[_column(ACCE, "commune_libe")] == "Ambérieu-en-Bugey"
    assert first[_column(ACCE, "nature_uai_libe")] == "Lycée professionnel"


def test_annuaire_sample_is_read_as_utf8_with_bom(workspace):
    report, records = read_csv_records(ANNUAIRE, workspace.sample(ANNUAIRE.sample), "annuaire.csv")
    rows = list(records)
    assert report.encoding == "utf-8-sig"
    assert report.header[0] == "Identifiant_de_l_etablissement"  # BOM stripped
    assert len(rows) == 371
    assert rows[0][:2] == (2, "0350122T")


def test_same_table_in_utf8_with_bom_reads_like_the_latin1_export(workspace, tmp_path):
    original = workspace.sample(BCN.sample)
    copy = tmp_path / "N_FORMATION_DIPLOME_utf8.csv"
    copy.write_bytes(b"\xef\xbb\xbf" + original.read_bytes().decode("latin-1").encode("utf-8"))
    _, latin_rows = read_csv_records(BCN, original, original.name)
    report, utf8_rows = read_csv_records(BCN, copy, copy.name)
    assert report.encoding == "utf-8-sig"
    assert list(utf8_rows) == list(latin_rows)


def test_missing_required_column_names_source_file_and_column(workspace):
    sample = workspace.sample(ACCE.sample)
    sample.write_bytes(sample.read_bytes().replace(b"numero_uai;", b"uai_numero;", 1))
    with pytest.raises(SourceFormatError) as raised:
        read_csv_records(ACCE, sample, "ACCE_UAI.csv")
    message = str(raised.value)
    assert message.startswith(
        "source acce_uai, file ACCE_UAI.csv, row 1, column numero_uai: required column 'numero_uai' is missing"
    )
    assert "uai_numero" in message


def test_declared_alias_and_case_drift_are_accepted(workspace):
    sample = workspace.sample(ACCE.sample)
    renamed = sample.read_bytes().replace(b";denomination_principale;", b";DENOMINATION_PRINCIPALE_UAI;", 1)
    sample.write_bytes(renamed.replace(b";code_postal_uai;", b";Code Postal UAI;", 1))
    report, records = read_csv_records(ACCE, sample, "ACCE_UAI.csv")
    first = next(records)
    assert first[_column(ACCE, "denomination_principale")] == "LP LYCEE DES METIERS"
    assert first[_column(ACCE, "code_postal_uai")] == "01500"
    assert report.missing_optional == []


def test_header_normalisation():
    assert normalise_header("Code postal") == "code_postal"
    assert normalise_header("N_NIVEAU_FORMATION_DIPLOME.LIBELLE_100") == "n_niveau_formation_diplome_libelle_100"
    assert normalise_header(" Libellé  Région ") == "libelle_region"


def test_ragged_and_truncated_rows_are_quarantined_with_their_row_number(workspace):
    sample = workspace.sample(CFA.sample)
    lines = sample.read_bytes().split(b"\n")
    lines[10] = lines[10] + b";extra"  # row 11: one field too many
    truncated = b"\n".join(lines).rstrip(b"\n")
    sample.write_bytes(truncated[: truncated.rfind(b";", 0, len(truncated) - 5)])  # last row cut mid-line
    result = load_source(CFA, D1, get_settings())
    assert result.row_count == 931
    quarantined = workspace.query(
        "select row_number, reason from raw._quarantine where source_id = ? order by row_number", [CFA.id]
    )
    assert quarantined == [(11, "expected 21 fields, found 22"), (934, "expected 21 fields, found 20")]
    assert workspace.query("select row_count, quarantined_count from raw._loads") == [(931, 2)]


def test_empty_file_fails_the_source(workspace):
    workspace.sample(CFA.sample).write_bytes(b"")
    with pytest.raises(SourceFormatError, match="source depp_cfa_sous_convention, file .*: the file is empty"):
        load_source(CFA, D1, get_settings())


def test_header_only_file_fails_instead_of_emptying_history(workspace):
    sample = workspace.sample(CFA.sample)
    sample.write_bytes(sample.read_bytes().split(b"\n")[0] + b"\n")
    with pytest.raises(SourceFormatError, match="no data row could be read"):
        load_source(CFA, D1, get_settings())


def test_xlsx_copy_reads_like_the_csv(workspace, tmp_path):
    _, csv_records = read_csv_records(ACCE, workspace.sample(ACCE.sample), "ACCE_UAI.csv")
    csv_rows = list(csv_records)
    text = workspace.sample(ACCE.sample).read_bytes().decode("latin-1").splitlines()
    workbook = openpyxl.Workbook()
    for line in text:
        workbook.active.append([value or None for value in line.split(";")])
    path = tmp_path / "ACCE_UAI.xlsx"
    workbook.save(path)
    report, xlsx_records = read_xlsx_records(ACCE, path, path.name)
    assert report.encoding == "xlsx"
    assert [tuple(v or None for v in row) for row in xlsx_records] == [
        tuple(v or None for v in row) for row in csv_rows
    ]


def test_acce_extraction_zip_is_loaded_from_its_member(workspace):
    sample = workspace.sample(ACCE.sample)
    archive = workspace.sample("acce/acce_extraction.zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(sample, "ACCE_UAI.csv")
        zf.write(workspace.sample("acce/ACCE_UAI_MERE.csv"), "ACCE_UAI_MERE.csv")
    source = dataclasses.replace(ACCE, sample="acce/acce_extraction.zip")
    result = load_source(source, D1, get_settings())
    assert result.row_count == 5
    assert workspace.query("select source_file, sha256 from raw._loads") == [
        ("ACCE_UAI.csv", hashlib.sha256(archive.read_bytes()).hexdigest())
    ]


def test_zip_with_parent_directory_entry_is_rejected(workspace):
    archive = workspace.sample("acce/acce_extraction.zip")
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(workspace.sample(ACCE.sample), "ACCE_UAI.csv")
        zf.writestr("../../evil.csv", "numero_uai\n0010001W\n")
    source = dataclasses.replace(ACCE, sample="acce/acce_extraction.zip")
    with pytest.raises(ArchiveError, match=r"unsafe entry '\.\./\.\./evil\.csv'"):
        load_source(source, D1, get_settings())
    assert not workspace.warehouse.exists()  # nothing was loaded


def test_landing_keeps_original_bytes_and_refuses_different_bytes_for_the_same_day(workspace):
    first = load_source(CFA, D1, get_settings())
    landed = first.landed.path
    assert landed == workspace.data_dir / "raw" / CFA.id / D1.isoformat() / "CFASousConvRegionale_latest-UAI.csv"
    assert landed.read_bytes() == workspace.sample(CFA.sample).read_bytes()
    again = load_source(CFA, D1, get_settings())  # same bytes: idempotent
    assert again.landed.sha256 == first.landed.sha256
    assert workspace.query("select count(*) from raw.depp_cfa_sous_convention") == [(933,)]
    sample = workspace.sample(CFA.sample)
    sample.write_bytes(sample.read_bytes().replace(b"CECOF", b"CECOP", 1))
    with pytest.raises(LandingError, match="already holds different bytes for this as_of"):
        load_source(CFA, D1, get_settings())
    assert landed.read_bytes().count(b"CECOF") == 1


def test_remote_mode_downloads_the_official_file_over_http(workspace, server, sleeps, monkeypatch):
    body = workspace.sample(BCN.sample).read_bytes()
    server.routes["/bcn/export"] = lambda handler, n: send(handler, 500) if n == 1 else send(handler, 200, body)
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    source = dataclasses.replace(BCN, url=server.url("/bcn/export"))
    result = load_source(source, D1, get_settings())
    assert result.row_count == 1101
    assert [s.method for s in server.seen] == ["POST", "POST"]
    assert result.landed.origin == server.url("/bcn/export")
    assert result.landed.path.read_bytes() == body
    assert result.landed.sha256 == hashlib.sha256(body).hexdigest()
    assert len(sleeps) == 1


def test_a_file_not_modified_since_the_previous_day_is_landed_again_from_it(workspace, server, monkeypatch):
    body = workspace.sample(BCN.sample).read_bytes()
    etag = {"ETag": '"v1"'}
    server.routes["/bcn/export"] = lambda handler, n: (
        send(handler, 304, headers=etag)
        if handler.headers.get("If-None-Match") == '"v1"'
        else send(handler, 200, body, headers=etag)
    )
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    source = dataclasses.replace(BCN, url=server.url("/bcn/export"))
    settings = get_settings()
    first = load_source(source, D1, settings)
    second = load_source(source, date(2026, 11, 3), settings)
    assert [s.headers.get("If-None-Match") for s in server.seen] == [None, '"v1"']
    assert second.landed.path.parent.name == "2026-11-03"
    assert second.landed.path.read_bytes() == body
    assert second.landed.sha256 == first.landed.sha256 == hashlib.sha256(body).hexdigest()
    meta = json.loads(second.landed.path.with_name(second.landed.path.name + ".meta.json").read_text())
    assert (meta["sha256"], meta["etag"]) == (first.landed.sha256, '"v1"')
    assert second.row_count == 1101


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (lambda handler, n: send(handler, 500), "HTTP 500"),
        (lambda handler, n: send(handler, 200, b"<html>maintenance</html>", content_type="text/html"), "text/html"),
    ],
    ids=["http_500", "html_page"],
)
def test_a_failed_download_keeps_the_previous_day_intact(workspace, server, sleeps, monkeypatch, fault, message):
    body = workspace.sample(BCN.sample).read_bytes()
    server.routes["/bcn/export"] = lambda handler, n: send(handler, 200, body)
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    source = dataclasses.replace(BCN, url=server.url("/bcn/export"))
    settings = get_settings()
    first = load_source(source, D1, settings)

    server.routes["/bcn/export"] = fault
    with pytest.raises(Exception, match=message) as failure:
        load_source(source, date(2026, 11, 3), settings)
    assert source.id in str(failure.value)
    # Yesterday's landed bytes and loaded rows are untouched; nothing half-downloaded is left for today.
    assert first.landed.path.read_bytes() == body
    assert [p.name for p in (settings.raw_dir / source.id / "2026-11-03").iterdir()] == []
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        rows = con.execute(f"select _as_of, count(*) from {source.raw_table} group by 1").fetchall()  # noqa: S608
        assert rows == [(D1, 1101)]


# A SIRENE stock whose rows 2 and 4 belong to SIREN 190100016, which ACCE carries (SIRET 19010001600012); the last
# row is unrelated (the native read keeps the file's last row to count the lines, then leaves it out).
SIRENE_STOCK = (
    "\n".join(
        [
            "siren,nic,siret,dateCreationEtablissement,etablissementSiege,dateDebut,etatAdministratifEtablissement",
            "190100016,00012,19010001600012,1965-05-01,true,2008-01-01,A",
            "005880034,00011,00588003400011,1980-01-01,true,1984-12-25,F",  # real closed establishment, unrelated
            "190100016,00038,19010001600038,2021-09-01,false,2021-09-01,A",
            "005880034,00029,00588003400029,1990-01-01,false,1990-01-01,F",
        ]
    )
    + "\n"
)
CARRIED_ROWS = [(2, "19010001600012"), (4, "19010001600038")]


def _assert_reader(caplog, native_min_bytes: str, rows: int) -> None:
    """The native read took the file when the threshold allows it (else both paths would pass alike)."""
    native = f"sirene_etablissement: {rows} rows read natively by DuckDB" in caplog.text
    assert native == (native_min_bytes == "0")


@pytest.mark.parametrize("native_min_bytes", ["0", "1000000"], ids=["native", "python"])
def test_sirene_stock_keeps_only_the_sirens_carried_by_other_sources(
    workspace, server, sleeps, monkeypatch, tmp_path, native_min_bytes, caplog
):
    """Rows of SIRENs that no loaded source carries are not kept, whether the file is streamed by the Python
    reader or read by DuckDB (large files): same rows, same file line numbers, same count of rows left out."""
    monkeypatch.setenv("REFERENTIELS_NATIVE_CSV_MIN_BYTES", native_min_bytes)
    load_source(ACCE, D1, get_settings())
    archive = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("StockEtablissement_utf8.csv", SIRENE_STOCK)
    body = archive.read_bytes()
    server.routes["/sirene.zip"] = lambda handler, n: send(handler, 200, body, content_type="application/zip")
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    sirene = dataclasses.replace(SOURCES["sirene_etablissement"], url=server.url("/sirene.zip"))
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        result = load_source(sirene, D1, get_settings())
    _assert_reader(caplog, native_min_bytes, 4)
    assert (result.row_count, result.filtered_out) == (2, 2)
    assert workspace.query("select _row_number, siret from raw.sirene_etablissement order by siret") == CARRIED_ROWS


@pytest.mark.parametrize("native_min_bytes", ["0", "1000000"], ids=["native", "python"])
@pytest.mark.parametrize(
    ("scope", "counts", "rows"),
    [
        (None, (4, 0), [(3, "00588003400011"), (5, "00588003400029"), *CARRIED_ROWS]),
        ("carried", (2, 2), CARRIED_ROWS),
    ],
    ids=["sample-default", "carried"],
)
def test_sirene_scope_applies_to_local_files(workspace, monkeypatch, caplog, scope, counts, rows, native_min_bytes):
    """Sample mode keeps every SIRENE row by default (the samples are extracts); REFERENTIELS_SIRENE_SCOPE=carried
    filters a local national file as a download is filtered, so the benchmarks measure the production night."""
    monkeypatch.setenv("REFERENTIELS_NATIVE_CSV_MIN_BYTES", native_min_bytes)
    if scope:
        monkeypatch.setenv("REFERENTIELS_SIRENE_SCOPE", scope)
    load_source(ACCE, D1, get_settings())
    sirene = SOURCES["sirene_etablissement"]
    workspace.sample(sirene.sample).write_text(SIRENE_STOCK, encoding="utf-8")
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        result = load_source(sirene, D1, get_settings())
    _assert_reader(caplog, native_min_bytes, 4)
    assert (result.row_count, result.filtered_out) == counts
    assert workspace.query("select _row_number, siret from raw.sirene_etablissement order by siret") == rows


def test_filtered_native_read_declines_a_multi_line_row(workspace, monkeypatch, caplog):
    """With the SIREN filter, the line count still proves every row is one line: a quoted value over two lines
    (in a row the filter leaves out) sends the file to the Python reader, which numbers rows by their last line."""
    monkeypatch.setenv("REFERENTIELS_NATIVE_CSV_MIN_BYTES", "0")
    monkeypatch.setenv("REFERENTIELS_SIRENE_SCOPE", "carried")
    load_source(ACCE, D1, get_settings())
    sirene = SOURCES["sirene_etablissement"]
    stock = SIRENE_STOCK + '005880034,00037,00588003400037,"1990-01-01\n",false,1990-01-01,F\n'
    workspace.sample(sirene.sample).write_text(stock, encoding="utf-8")
    with caplog.at_level("INFO", logger="orchestration.ingest.native_csv"):
        result = load_source(sirene, D1, get_settings())
    assert "sirene_etablissement: the rows read do not match the file's 7 lines" in caplog.text
    assert (result.row_count, result.filtered_out) == (2, 3)
    assert workspace.query("select _row_number, siret from raw.sirene_etablissement order by siret") == CARRIED_ROWS


def test_sirene_filter_survives_a_declined_native_read(workspace, monkeypatch):
    """A ragged national file is declined by the native read; the Python reader then filters and quarantines."""
    monkeypatch.setenv("REFERENTIELS_NATIVE_CSV_MIN_BYTES", "0")
    monkeypatch.setenv("REFERENTIELS_SIRENE_SCOPE", "carried")
    load_source(ACCE, D1, get_settings())
    sirene = SOURCES["sirene_etablissement"]
    workspace.sample(sirene.sample).write_text(SIRENE_STOCK + "190100016,00046\n", encoding="utf-8")
    result = load_source(sirene, D1, get_settings())
    assert (result.row_count, result.filtered_out) == (2, 2)
    assert workspace.query("select _row_number, siret from raw.sirene_etablissement order by siret") == CARRIED_ROWS
    assert workspace.query("select row_number, reason from raw._quarantine") == [(6, "expected 7 fields, found 2")]


def test_sirene_scope_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("REFERENTIELS_SIRENE_SCOPE", "some")
    with pytest.raises(ValueError, match="REFERENTIELS_SIRENE_SCOPE must be 'carried' or 'all', not 'some'"):
        get_settings()


def test_daily_rncp_archive_is_found_through_the_dataset_listing(workspace, server, sleeps, monkeypatch, tmp_path):
    """France compétences publishes each day's zip as a new resource: the newest matching title is downloaded."""
    standard = workspace.sample("rncp_export/csv_2024_02_22/export_fiches_CSV_Standard_2024_02_22.csv")
    archive = tmp_path / "export-fiches-csv-2024-02-22.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(standard, "export_fiches_CSV_Standard_2024_02_22.csv")
    body = archive.read_bytes()
    listing = {
        "resources": [
            {"title": "export-fiches-csv-2024-02-21.zip", "url": server.url("/old.zip"), "last_modified": "2024-02-21"},
            {"title": "export-fiches-csv-2024-02-22.zip", "url": server.url("/new.zip"), "last_modified": "2024-02-22"},
            {
                "title": "export-fiches-rncp-v4-1-2024-02-22.zip",
                "url": server.url("/xml.zip"),
                "last_modified": "2024-02-23",
            },
        ]
    }
    server.routes["/api/dataset/"] = lambda handler, n: send(
        handler, 200, json.dumps(listing).encode(), content_type="application/json"
    )
    server.routes["/new.zip"] = lambda handler, n: send(handler, 200, body, content_type="application/zip")
    monkeypatch.setenv("REFERENTIELS_SOURCE_MODE", "remote")
    fiches = SOURCES["rncp_fiches"]
    source = dataclasses.replace(
        fiches,
        extra=fiches.extra | {"datagouv_latest": {"api": server.url("/api/dataset/"), "title": "export-fiches-csv-*"}},
    )
    result = load_source(source, D1, get_settings())
    assert [s.path for s in server.seen] == ["/api/dataset/", "/new.zip"]
    assert result.landed.origin == server.url("/new.zip")
    expected = sum(1 for _ in csv.reader(io.StringIO(standard.read_text(encoding="utf-8")), delimiter=";")) - 1
    assert result.row_count == expected
