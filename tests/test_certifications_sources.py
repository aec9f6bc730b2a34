"""Certification sources (Kit apprentissage versions, Certif Info, NPEC, DGESCO list) and the CFD↔RNCP assertions.

Expected values are read from the real sample files with plain Python (csv, openpyxl) and the documented
normalisations (identifiers.md §5, §7, §10), or were checked by hand in the files; never copied from the SQL.
One workspace for the module: every source loaded on D1, then the other real Certif Info extract (first 1 500
lines of the same file, with CI 12691 repeated ×5) loaded on D2 in place of the aligned one; one dbt build.
"""

import csv
import re
import shutil
from collections import Counter, defaultdict
from datetime import date

import openpyxl
import pytest

from orchestration.ingest.loader import load_source
from orchestration.ingest.records import SourceFormatError, read_xlsx_records
from orchestration.registry import SOURCES, Column, Source
from orchestration.settings import get_settings
from tests.conftest import SAMPLES_DIR, Workspace

D1, D2 = date(2026, 11, 2), date(2026, 11, 3)
KIT_IDS = (
    "kit_apprentissage_v1_0",
    "kit_apprentissage_v3_0",
    "kit_apprentissage_20231218",
    "kit_apprentissage_20250131",
)
SOURCE_IDS = (*KIT_IDS, "certif_info", "npec_referentiel", "npec_cpne_idcc", "dgesco_diplomes")
MODELS = (
    "stg_kit__cfd_rncp",
    "stg_certif_info__certifications",
    "stg_npec__niveaux",
    "stg_dgesco__diplomes",
    "int_cfd_rncp_assertions",
)
PLACEHOLDERS = {"NR", "SQWQ", "NC", "ND", "NA", "[ND]", "A COMPLETER", "00000000"}


# ---- expected values, straight from the files -------------------------------------------------------------


def _kit_lines(samples, source_id: str) -> list[tuple[int, str, str]]:
    """(line or row number, raw CFD, raw RNCP) of a Kit version file, numbered like the loader (header = 1)."""
    path = samples / SOURCES[source_id].sample
    if source_id == "kit_apprentissage_v1_0":
        # Read unquoted, like the source: the line cut by the extraction (2 fields) is not a record.
        lines = path.read_text(encoding="utf-8").splitlines()
        fields = [(number, line.split(";")) for number, line in enumerate(lines, start=1)]
        return [(n, f[0], f[2]) for n, f in fields[1:] if len(f) == 5]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            return [(reader.line_num, row[0], row[2]) for row in reader]
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = workbook["Kit Apprentissage"].iter_rows(min_row=3, values_only=True)
    found = [(n, str(r[0]), str(r[2])) for n, r in enumerate(rows, start=3) if any(c is not None for c in r)]
    workbook.close()
    return found


def _cfd(raw: str) -> str:
    """Documented CFD normalisation: trim, upper case, a 7-digit value lost its leading zero."""
    value = raw.strip().upper()
    return "0" + value if re.fullmatch(r"\d{7}", value) else value


def _rncp(raw: str) -> str | None:
    """RNCP normalisation (identifiers.md §7, macros/rncp.sql): upper case, inner spaces removed, placeholders →
    None, digits only → RNCP + digits."""
    value = raw.strip().upper()
    if not value or value in PLACEHOLDERS:
        return None
    value = value.replace(" ", "")
    return "RNCP" + value if value.isdigit() else value


def _semicolon_rows(path, quoting=True) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE))


def _dgesco_cfd(code: str) -> str:
    """DGESCO `NNN-NNNNN L` (or `NNNNNNNN L`, `NNNNNNNNL`): dash and spaces removed, first 8 characters."""
    return re.sub(r"[-\s]", "", code)[:8]


def _expected_assertions(samples) -> dict[str, set[tuple[str, str]]]:
    """(cfd, rncp) couples each source asserts on D1, computed from the files."""
    expected = {}
    for source_id in KIT_IDS:
        expected[source_id] = {(_cfd(c), _rncp(r)) for _, c, r in _kit_lines(samples, source_id) if _rncp(r)}
    certif = _semicolon_rows(samples / SOURCES["certif_info"].sample, quoting=False)
    expected["certif_info"] = {
        (_cfd(row["Code_Scolarité"]), _rncp(row["Code_RNCP"]))
        for row in certif
        if row["Code_Scolarité"].strip() and _rncp(row["Code_RNCP"])
    }
    dgesco = _semicolon_rows(samples / SOURCES["dgesco_diplomes"].sample)
    expected["dgesco_diplomes"] = {
        (_dgesco_cfd(row["Code diplôme"]), _rncp(row["Code RNCP"])) for row in dgesco if _rncp(row["Code RNCP"])
    }
    return expected


# ---- the shared workspace -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certifications(tmp_path_factory):
    root = tmp_path_factory.mktemp("certifications")
    shutil.copytree(SAMPLES_DIR, root / "samples")
    (root / "data").mkdir()
    workspace = Workspace(root / "data", root / "samples")
    results = {}
    with pytest.MonkeyPatch.context() as patch:
        workspace.activate(patch)
        for source_id in SOURCE_IDS:
            results[source_id] = load_source(SOURCES[source_id], D1, get_settings())
        # D2: the other real extract of the same Certif Info file takes the place of the aligned one.
        aligned = workspace.sample(SOURCES["certif_info"].sample)
        original = aligned.read_bytes()
        aligned.write_bytes(workspace.sample("certif_info/certif_info_extract.csv").read_bytes())
        results["certif_info_d2"] = load_source(SOURCES["certif_info"], D2, get_settings())
        aligned.write_bytes(original)  # the tests read the untouched samples
    build = workspace.dbt_build(D2, *MODELS)
    assert build.returncode == 0, build.stdout[-4000:]
    return workspace, results


# ---- tests --------------------------------------------------------------------------------------------------


def test_xlsx_reader_skips_title_rows_above_the_declared_header_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Données"
    workbook.create_sheet("Me lire").append(["Clé de lecture"])
    sheet.append([None, None])
    sheet.append(["Titre du tableau au 15 juillet 2024", None])  # the first non-empty row is a title
    sheet.append([None, None])
    sheet.append(["Code RNCP", "Montant"])
    sheet.append(["RNCP1002", 9497.0])
    path = tmp_path / "classeur.xlsx"
    workbook.save(path)
    columns = (Column("code_rncp", required=True), Column("montant"))

    def source(**extra) -> Source:
        return Source(
            id="essai", producer="p", dataset="d", description="", url="", licence="", format="xlsx",
            encoding="xlsx", separator="", cadence="", identifiers=(), granularity="certification",
            sample=None, columns=columns, key=("code_rncp",), extra=extra,
        )  # fmt: skip

    report, records = read_xlsx_records(source(sheet="Données", header_row=4), path, path.name)
    assert report.header == ["Code RNCP", "Montant"]
    assert list(records) == [(5, "RNCP1002", "9497")]
    # Without the declared row, the title is taken as the header: the required column is then missing.
    with pytest.raises(SourceFormatError, match="required column 'code_rncp' is missing"):
        read_xlsx_records(source(sheet="Données"), path, path.name)
    with pytest.raises(SourceFormatError, match=r"row 3: no header found: row 3 \(declared header row\) is empty"):
        read_xlsx_records(source(sheet="Données", header_row=3), path, path.name)
    with pytest.raises(SourceFormatError, match="sheet 'Absent' is missing"):
        read_xlsx_records(source(sheet="Absent", header_row=4), path, path.name)


def test_every_kit_version_loads_under_the_same_raw_columns(certifications):
    workspace, results = certifications
    for source_id in KIT_IDS:
        lines = _kit_lines(workspace.samples_dir, source_id)
        assert results[source_id].row_count == len(lines), source_id
        assert results[source_id].report.missing_optional == [], source_id
        assert results[source_id].report.unmapped_columns == [], source_id
        rows = workspace.query(
            f'select _row_number, code_diplome, code_rncp from raw."{source_id}" where _as_of = ? order by 1',  # noqa: S608
            [D1],
        )
        assert rows == [(n, c, r) for n, c, r in lines], source_id
    assert [results[i].row_count for i in KIT_IDS] == [504, 578, 633, 6822]
    # v1.0: the extract cut a multi-line quoted label after its first line; that line alone is quarantined.
    assert workspace.query(
        "select row_number, reason from raw._quarantine where source_id = 'kit_apprentissage_v1_0'"
    ) == [(243, "expected 5 fields, found 2")]
    assert "40025216" not in {c for _, c, _ in _kit_lines(workspace.samples_dir, "kit_apprentissage_v1_0")}
    # The version labels and dates of the staging model are the registry's.
    versions = workspace.query(
        "select distinct source_id, kit_version, cast(version_date as varchar) from staging.stg_kit__cfd_rncp"
    )
    assert sorted(versions) == sorted(
        (i, SOURCES[i].extra["kit_version"], SOURCES[i].extra["version_date"]) for i in KIT_IDS
    )


def test_bts_sio_family_across_kit_versions(certifications):
    workspace, _ = certifications
    expected = {}
    for source_id in KIT_IDS:
        lines = _kit_lines(workspace.samples_dir, source_id)
        expected[source_id] = sorted((_cfd(c), _rncp(r)) for _, c, r in lines if c.startswith("320326"))
    four = ["32032610", "32032611", "32032613", "32032614"]
    assert expected == {
        "kit_apprentissage_v1_0": [("32032610", "RNCP17108"), ("32032611", "RNCP17108")],
        "kit_apprentissage_v3_0": [(cfd, "RNCP35340") for cfd in four],
        "kit_apprentissage_20231218": [(cfd, "RNCP35340") for cfd in four],
        "kit_apprentissage_20250131": [(cfd, "RNCP35340") for cfd in four],
    }
    rows = workspace.query(
        "select source_id, cfd, rncp from intermediate.int_cfd_rncp_assertions "
        "where as_of = ? and rule = 'kit_apprentissage' and cfd like '320326%' order by source_id, cfd",
        [D1],
    )
    got = defaultdict(list)
    for source_id, cfd, rncp in rows:
        got[source_id].append((cfd, rncp))
    assert dict(got) == expected
    # The first and last Kit versions that carry each couple.
    spans = workspace.query(
        "select distinct cfd, rncp, first_kit_version, last_kit_version from intermediate.int_cfd_rncp_assertions "
        "where as_of = ? and cfd like '320326%' and rule = 'kit_apprentissage' order by cfd, rncp",
        [D1],
    )
    assert spans == [
        ("32032610", "RNCP17108", "v1.0", "v1.0"),
        ("32032610", "RNCP35340", "v3.0", "2025-01-31"),
        ("32032611", "RNCP17108", "v1.0", "v1.0"),
        ("32032611", "RNCP35340", "v3.0", "2025-01-31"),
        ("32032613", "RNCP35340", "v3.0", "2025-01-31"),
        ("32032614", "RNCP35340", "v3.0", "2025-01-31"),
    ]
    # The common first year 32032612 has no RNCP: no Kit line at all, in any version, and no assertion.
    assert workspace.query("select count(*) from staging.stg_kit__cfd_rncp where cfd = '32032612'") == [(0,)]
    assert workspace.query("select count(*) from intermediate.int_cfd_rncp_assertions where cfd = '32032612'") == [(0,)]


def test_kit_cfd_that_lost_its_leading_zero(certifications):
    workspace, _ = certifications
    # Checked by hand: line 2 of the v3.0 file is `1022001;AGENT DE CONTROLE NON DESTRUCTIF (MC NIVEAU IV);RNCP955;…`
    # while v1.0 writes `01022001;…;RNCP955`.
    v3 = workspace.sample(SOURCES["kit_apprentissage_v3_0"].sample).read_text(encoding="utf-8").splitlines()
    assert v3[1].startswith("1022001;AGENT DE CONTROLE NON DESTRUCTIF (MC NIVEAU IV);RNCP955;")
    assert workspace.query(
        "select source_row_number, cfd_raw, cfd, cfd_status, rncp, rncp_status, diploma_label "
        "from staging.stg_kit__cfd_rncp where source_id = 'kit_apprentissage_v3_0' and cfd_raw = '1022001'"
    ) == [
        (2, "1022001", "01022001", "normalised", "RNCP955", "valid", "AGENT DE CONTROLE NON DESTRUCTIF (MC NIVEAU IV)")
    ]
    # Every 7-digit code of v3.0 (and only those) is padded and flagged.
    seven = [c for _, c, _ in _kit_lines(workspace.samples_dir, "kit_apprentissage_v3_0") if re.fullmatch(r"\d{7}", c)]
    assert len(seven) == 70
    assert workspace.query(
        "select kit_version, count(*) from staging.stg_kit__cfd_rncp where cfd_status = 'normalised' group by 1"
    ) == [("v3.0", 70)]
    # The couple is one Kit couple across versions, from v1.0 to 2025-01-31.
    assert workspace.query(
        "select source_id, cfd_status, first_kit_version, last_kit_version from intermediate.int_cfd_rncp_assertions "
        "where as_of = ? and cfd = '01022001' and rncp = 'RNCP955' and rule = 'kit_apprentissage' "
        "order by version_date",
        [D1],
    ) == [
        ("kit_apprentissage_v1_0", "valid", "v1.0", "2025-01-31"),
        ("kit_apprentissage_v3_0", "normalised", "v1.0", "2025-01-31"),
        ("kit_apprentissage_20231218", "valid", "v1.0", "2025-01-31"),
        ("kit_apprentissage_20250131", "valid", "v1.0", "2025-01-31"),
    ]


def test_kit_nr_rows_are_counted_but_never_asserted(certifications):
    workspace, _ = certifications
    counted = {i: sum(r.strip() == "NR" for _, _, r in _kit_lines(workspace.samples_dir, i)) for i in KIT_IDS}
    assert counted == {
        "kit_apprentissage_v1_0": 29,
        "kit_apprentissage_v3_0": 15,
        "kit_apprentissage_20231218": 6,
        "kit_apprentissage_20250131": 31,
    }
    rows = workspace.query(
        "select source_id, count(*) from staging.stg_kit__cfd_rncp "
        "where rncp_status = 'placeholder' and rncp is null and rncp_raw = 'NR' group by 1"
    )
    assert dict(rows) == counted
    # A CFD whose only Kit line is `NR` is in staging, never in the assertions (2023-12-18: 36022201).
    assert workspace.query(
        "select rncp_raw, rncp, rncp_status, rncp_fiche_status from staging.stg_kit__cfd_rncp "
        "where source_id = 'kit_apprentissage_20231218' and cfd = '36022201'"
    ) == [("NR", None, "placeholder", "inactive")]
    assert workspace.query(
        "select count(*) from intermediate.int_cfd_rncp_assertions where cfd = '36022201' and source_id like 'kit%'"
    ) == [(0,)]
    assert workspace.query("select count(*) from intermediate.int_cfd_rncp_assertions where rncp is null") == [(0,)]


def test_assertions_are_exactly_the_couples_of_the_files(certifications):
    workspace, _ = certifications
    expected = _expected_assertions(workspace.samples_dir)
    rows = workspace.query(
        "select source_id, cfd, rncp from intermediate.int_cfd_rncp_assertions where as_of = ?", [D1]
    )
    got = defaultdict(set)
    for source_id, cfd, rncp in rows:
        got[source_id].add((cfd, rncp))
    assert dict(got) == expected
    assert len(rows) == sum(len(couples) for couples in expected.values())  # one row per couple and source
    assert {source_id: len(couples) for source_id, couples in expected.items()} == {
        "kit_apprentissage_v1_0": 459,
        "kit_apprentissage_v3_0": 563,
        "kit_apprentissage_20231218": 627,
        "kit_apprentissage_20250131": 6791,
        "certif_info": 534,
        "dgesco_diplomes": 575,
    }
    rules = workspace.query(
        "select distinct rule, source_id like 'kit%', kit_version is not null "
        "from intermediate.int_cfd_rncp_assertions order by 1"
    )
    assert rules == [("certif_info", False, False), ("dgesco_list", False, False), ("kit_apprentissage", True, True)]


def test_an_rncp_mapped_to_several_cfds(certifications):
    workspace, _ = certifications
    # 2025 Kit: RNCP37924 ↔ 10 CFDs = 5 options × {010 MC, 461 CS}.
    from_file = sorted(
        _cfd(c) for _, c, r in _kit_lines(workspace.samples_dir, "kit_apprentissage_20250131") if r == "RNCP37924"
    )
    mc = ["01025308", "01025309", "01025310", "01025311", "01025312"]
    assert from_file == mc + ["461" + cfd[3:] for cfd in mc]
    assert [
        row[0]
        for row in workspace.query(
            "select cfd from intermediate.int_cfd_rncp_assertions where as_of = ? and rncp = 'RNCP37924' "
            "and source_id = 'kit_apprentissage_20250131' order by cfd",
            [D1],
        )
    ] == from_file
    # Certif Info: RNCP36255 ↔ the 4 CAP CFDs 50032310..13 (digits only in the file: `36255`).
    certif = _semicolon_rows(workspace.sample("certif_info/certif_info_extract.csv"), quoting=False)
    assert sorted({r["Code_Scolarité"] for r in certif if r["Code_RNCP"] == "36255"}) == [
        "50032310", "50032311", "50032312", "50032313",
    ]  # fmt: skip
    for as_of in (D1, D2):  # both extracts of the file carry them
        assert workspace.query(
            "select cfd, rncp_status from intermediate.int_cfd_rncp_assertions "
            "where as_of = ? and rncp = 'RNCP36255' and source_id = 'certif_info' order by cfd",
            [as_of],
        ) == [(cfd, "normalised") for cfd in ("50032310", "50032311", "50032312", "50032313")]


def test_dgesco_code_gives_the_cfd_and_the_rncp(certifications):
    workspace, _ = certifications
    lines = _semicolon_rows(workspace.sample(SOURCES["dgesco_diplomes"].sample))
    (sio_a,) = [row for row in lines if row["Code diplôme"] == "320-32613 T"]
    assert sio_a["Code RNCP"] == "35340"
    assert workspace.query(
        "select cfd, cfd_status, specialty_letter, rncp_raw, rncp, rncp_status, diploma_type, option_label "
        "from staging.stg_dgesco__diplomes where code_raw = '320-32613 T'"
    ) == [
        (
            "32032613",
            "normalised",
            "T",
            "35340",
            "RNCP35340",
            "normalised",
            "BTS",
            "option A solutions d'infrastructures, systèmes et réseaux",
        )
    ]
    # The same couple is asserted by the DGESCO list, Certif Info and the three Kit versions since v3.0.
    assert workspace.query(
        "select source_id, rule from intermediate.int_cfd_rncp_assertions "
        "where as_of = ? and cfd = '32032613' and rncp = 'RNCP35340' order by source_id",
        [D1],
    ) == [
        ("certif_info", "certif_info"),
        ("dgesco_diplomes", "dgesco_list"),
        ("kit_apprentissage_20231218", "kit_apprentissage"),
        ("kit_apprentissage_20250131", "kit_apprentissage"),
        ("kit_apprentissage_v3_0", "kit_apprentissage"),
    ]
    # Every code shape of the file gives 8 characters; the 68 codes without a dash too (`50025224R`).
    shapes = Counter(re.sub(r"\d", "9", re.sub(r"[A-Z]", "L", row["Code diplôme"])) for row in lines)
    assert shapes == {"999-99999 L": 505, "99999999 L": 58, "99999999L": 10, "99999999": 2, "999-99999L": 2}
    assert workspace.query(
        "select code_raw, cfd, cfd_status from staging.stg_dgesco__diplomes "
        "where code_raw in ('50025224R', '32022406') order by 1"
    ) == [("32022406", "32022406", "valid"), ("50025224R", "50025224", "normalised")]
    assert workspace.query("select count(*) from staging.stg_dgesco__diplomes where length(cfd) = 8") == [(577,)]


def test_certif_info_repeated_lines_make_one_assertion(certifications):
    workspace, results = certifications
    lines = _semicolon_rows(workspace.sample("certif_info/certif_info_extract.csv"), quoting=False)
    assert results["certif_info_d2"].row_count == len(lines) == 1500
    numbers = [n for n, row in enumerate(lines, start=2) if row["Code_Diplome"] == "12691"]
    assert len(numbers) == 5
    assert {(lines[n - 2]["Code_Scolarité"], lines[n - 2]["Code_RNCP"]) for n in numbers} == {("17025121", "37440")}
    assert workspace.query(
        "select count(*) from staging.stg_certif_info__certifications where as_of = ? and certif_info_id = '12691'",
        [D2],
    ) == [(5,)]
    assert workspace.query(
        "select cfd, rncp, source_row_number from intermediate.int_cfd_rncp_assertions "
        "where as_of = ? and source_id = 'certif_info' and cfd = '17025121'",
        [D2],
    ) == [("17025121", "RNCP37440", min(numbers))]
    # Predecessors and RS numbers are prefixed like the RNCP.
    first = lines[0]
    assert workspace.query(
        "select certif_info_id, certification_label, rs, predecessor_certif_info_id "
        "from staging.stg_certif_info__certifications where as_of = ? and source_row_number = 2",
        [D2],
    ) == [(first["Code_Diplome"], first["Libelle_Diplome"], None, None)]
    with_rs = next((n, r) for n, r in enumerate(lines, start=2) if r["Code_RS"].strip())
    assert workspace.query(
        "select rs, rs_status from staging.stg_certif_info__certifications where as_of = ? and source_row_number = ?",
        [D2, with_rs[0]],
    ) == [("RS" + with_rs[1]["Code_RS"].strip(), "normalised")]
    with_predecessor = next((n, r) for n, r in enumerate(lines, start=2) if r["Code_Ancien_RNCP"].strip())
    assert workspace.query(
        "select predecessor_certif_info_id, predecessor_rncp, predecessor_cfd "
        "from staging.stg_certif_info__certifications where as_of = ? and source_row_number = ?",
        [D2, with_predecessor[0]],
    ) == [
        (
            with_predecessor[1]["Code_Ancien_Diplome"] or None,
            "RNCP" + with_predecessor[1]["Code_Ancien_RNCP"].strip(),
            _cfd(with_predecessor[1]["Code_Ancien_Scolarité"]) or None,
        )
    ]


def test_npec_amount_per_rncp_cpne_and_idcc(certifications):
    workspace, results = certifications
    workbook = openpyxl.load_workbook(workspace.sample(SOURCES["npec_referentiel"].sample), data_only=True)
    referentiel = [r for r in workbook["Onglet 3 - référentiel NPEC"].iter_rows(min_row=5, values_only=True) if any(r)]
    idcc = [r for r in workbook["Onglet 4 - CPNE-IDCC"].iter_rows(min_row=4, values_only=True) if any(r)]
    workbook.close()
    # The upstream test fixture holds a single data row per sheet (its 1 006-row dimension is empty rows).
    assert [r[:2] + r[4:] for r in referentiel] == [
        ("RNCP1002", "Mise en oeuvre caoutchoucs élastomères thermoplastiques", 2, "CNPE des sociétés financières",
         9497, "A", referentiel[0][8]),
    ]  # fmt: skip
    assert idcc == [(2, "CNPE des sociétés financières", 478)]
    assert results["npec_referentiel"].row_count == 1 and results["npec_cpne_idcc"].row_count == 1
    assert workspace.query(
        "select source_row_number, rncp, rncp_status, cfd, cpne_code, idcc, idcc_source_row_number, "
        "cast(npec_amount as integer), npec_status, applicable_from from staging.stg_npec__niveaux"
    ) == [(5, "RNCP1002", "valid", None, "2", "0478", 4, 9497, "A", referentiel[0][8].date())]
