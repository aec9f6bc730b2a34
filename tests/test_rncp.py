"""France compétences RNCP/RS exports (sources.md §2.8–2.9): CSV archive members, the hardened XML reader, the
staging models and the historised lineage mart, on the real samples (export CSV of 2024-02-22, one FICHE of the
XML flux v4.1): the chain RNCP1197 → RNCP4049 → RNCP22094 → RNCP28155 → RNCP30271, RNCP509 → RNCP38228, the
RNCP → RS replacement RNCP19468 → RS6117, and BTS SIO RNCP35340 (replaced by RNCP40792) from the XML."""

import unicodedata
import zipfile
from datetime import date

import pytest

from orchestration.ingest.archives import extract_member
from orchestration.ingest.loader import load_source
from orchestration.ingest.records import SourceFormatError
from orchestration.ingest.xml_records import read_xml_records
from orchestration.registry import SOURCES
from orchestration.settings import get_settings

D1, D2 = date(2024, 2, 22), date(2024, 2, 23)
RNCP_SOURCES = ("rncp_fiches", "rncp_voies_acces", "rncp_ancienne_nouvelle", "rncp_certificateurs", "rncp_xml")
SELECTION = ("+lineage_rncp", "+stg_rncp__fiches")
CSV_DIR = "rncp_export/csv_2024_02_22"
XML = SOURCES["rncp_xml"]

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE FICHES [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>
<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>&lol9;</INTITULE><ACTIF>Oui</ACTIF></FICHE>
</FICHES>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE FICHES [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>
<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>&x;</INTITULE><ACTIF>Oui</ACTIF></FICHE>
</FICHES>
"""

MALFORMED = """<?xml version="1.0"?>
<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>
<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>a</INTITULE><ACTIF>Oui</ACTIF></FICHE>
<FICHE><NUMERO_FICHE>RNCP2</NUMERO_FICHE>
<INTITULE>b</ACTIF>
</FICHE>
</FICHES>
"""


def _load(as_of: date, *source_ids: str) -> None:
    for source_id in source_ids or RNCP_SOURCES:
        load_source(SOURCES[source_id], as_of, get_settings())


def _build(workspace, as_of: date) -> None:
    result = workspace.dbt_build(as_of, *SELECTION)
    assert result.returncode == 0, result.stdout[-3000:]


def _links(workspace) -> list[tuple]:
    return workspace.query(
        "select source_id, old_code, new_code, declared_by, is_rncp_replaced_by_rs, is_in_cycle, sources, "
        "known_from, known_to, is_current from marts.lineage_rncp order by source_id, old_code, new_code, known_from"
    )


# ---- CSV archive members -------------------------------------------------------------------------------------


def test_csv_sources_find_their_member_in_the_daily_archive(workspace, tmp_path):
    """The archive members carry the export date and accents; the globs must pick exactly one member each,
    also when an accented name is stored decomposed (NFD)."""
    archive = tmp_path / "export-fiches-csv-2024-02-22.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for csv_file in sorted(workspace.sample(CSV_DIR).iterdir()):
            zf.write(csv_file, unicodedata.normalize("NFD", csv_file.name))
    for source_id in ("rncp_fiches", "rncp_voies_acces", "rncp_ancienne_nouvelle", "rncp_certificateurs"):
        source = SOURCES[source_id]
        extracted = extract_member(archive, source.archive_member, tmp_path / source_id)
        expected = workspace.sample(source.sample).name
        assert unicodedata.normalize("NFC", extracted.name) == expected, source_id


# ---- real samples: staging and lineage ------------------------------------------------------------------------


def test_real_rncp_fiches_and_lineage_then_a_second_day(workspace):
    _load(D1)
    _build(workspace, D1)

    # The CSV declares every link on both fiches; the XML extract holds one fiche, so its two links are
    # declared on one side only (the other fiches are not in the extract).
    csv, xml = "rncp_ancienne_nouvelle", "rncp_xml"
    assert _links(workspace) == [
        (csv, "RNCP1197", "RNCP4049", "both", False, False, csv, D1, None, True),
        (csv, "RNCP19468", "RS6117", "both", True, False, csv, D1, None, True),
        (csv, "RNCP22094", "RNCP28155", "both", False, False, csv, D1, None, True),
        (csv, "RNCP28155", "RNCP30271", "both", False, False, csv, D1, None, True),
        (csv, "RNCP4049", "RNCP22094", "both", False, False, csv, D1, None, True),
        (csv, "RNCP509", "RNCP38228", "both", False, False, csv, D1, None, True),
        (xml, "RNCP17108", "RNCP35340", "new", False, False, xml, D1, None, True),
        (xml, "RNCP35340", "RNCP40792", "old", False, False, xml, D1, None, True),
    ]
    # The chain followed from its first fiche.
    successors = dict(workspace.query("select old_code, new_code from marts.lineage_rncp"))
    chain, code = ["RNCP1197"], "RNCP1197"
    while code in successors:
        code = successors[code]
        chain.append(code)
    assert chain == ["RNCP1197", "RNCP4049", "RNCP22094", "RNCP28155", "RNCP30271"]

    fiches = {
        row[0]: row[1:]
        for row in workspace.query(
            "select rncp_code, rncp_code_status, certification_kind, short_label_code, european_level, is_active, "
            "registration_ends_on, is_open_to_apprenticeship, certifier_sirets from staging.stg_rncp__fiches"
        )
    }
    assert len(fiches) == 9
    assert fiches["RNCP509"] == ("valid", "RNCP", "CAP", "03", False, date(2023, 8, 31), True, "11004301500012")
    # An old fiche without any published access route: apprenticeship access unknown, not false.
    assert fiches["RNCP1197"] == ("valid", "RNCP", None, "06", False, date(2006, 12, 31), None, None)
    # REPRISE: pre-2019 fiche without level.
    assert fiches["RNCP19468"] == ("valid", "RNCP", None, None, False, date(2021, 7, 21), False, "78466840200018")
    assert fiches["RS6117"] == (
        "valid",
        "RS",
        None,
        None,
        True,
        date(2025, 9, 29),
        False,
        "31504294500032, 78466840200018",
    )

    # BTS SIO from the XML: the fiche's own ACTIF (Non) is read, not the six SI_JURY_*/ACTIF (Oui).
    assert workspace.query(
        "select rncp_code, fiche_id, short_label_code, european_level, is_active, effective_on, registration_ends_on, "
        "published_on, is_open_to_apprenticeship, old_certifications, new_certifications, certifier_sirets, "
        "starts_with(label, 'Services informatiques aux organisations') from staging.stg_rncp__xml_fiches"
    ) == [
        (
            "RNCP35340",
            "20892",
            "BTS",
            "05",
            False,
            date(2020, 9, 1),
            date(2025, 8, 31),
            date(2021, 3, 9),
            True,
            "RNCP17108",
            "RNCP40792",
            "11004401300040",
            True,
        )
    ]

    # Day 2: RNCP38228 no longer declares its predecessor (its new row has the placeholder `NR`) but declares a
    # successor written without prefix, and the RNCP → RS link disappears.
    lineage_file = workspace.sample(SOURCES["rncp_ancienne_nouvelle"].sample)
    lines = lineage_file.read_bytes().split(b"\r\n")
    kept = [line for line in lines if not line.startswith((b'"RNCP38228"', b'"RNCP19468"', b'"RS6117"'))]
    assert len(lines) - len(kept) == 3 and kept[-1] == b""
    lineage_file.write_bytes(b"\r\n".join([*kept[:-1], b'"RNCP38228";"NR";" 40792"', b""]))
    _load(D2)
    _build(workspace, D2)

    rows = [row for row in _links(workspace) if row[0] == csv]
    assert (csv, "RNCP509", "RNCP38228", "both", False, False, csv, D1, D2, False) in rows
    assert (csv, "RNCP509", "RNCP38228", "old", False, False, csv, D2, None, True) in rows
    assert (csv, "RNCP38228", "RNCP40792", "old", False, False, csv, D2, None, True) in rows
    assert (csv, "RNCP19468", "RS6117", "both", True, False, csv, D1, D2, False) in rows
    assert (csv, "RNCP1197", "RNCP4049", "both", False, False, csv, D1, None, True) in rows
    assert len(rows) == 8
    assert workspace.query(
        "select old_code_raw, old_code, old_code_status, new_code_raw, new_code, new_code_status "
        "from staging.stg_rncp__ancienne_nouvelle where rncp_code = 'RNCP38228' and as_of = ?",
        [D2],
    ) == [("NR", None, "placeholder", " 40792", "RNCP40792", "normalised")]
    assert workspace.query(
        "select new_code_status from marts.lineage_rncp where new_code = 'RNCP40792' and source_id = ?", [csv]
    ) == [("normalised",)]


# ---- CSV parsing -----------------------------------------------------------------------------------------------


def test_leading_tab_in_siret_values_does_not_break_parsing(workspace):
    result = load_source(SOURCES["rncp_certificateurs"], D1, get_settings())
    assert result.row_count == 6 and not result.report.rejected
    rows = workspace.query(
        "select numero_fiche, siret_certificateur, nom_certificateur from raw.rncp_certificateurs order by _row_number"
    )
    assert rows[0] == ("RNCP509", "\t11004301500012", "MINISTERE DE L'EDUCATION NATIONALE ET DE LA JEUNESSE")
    assert all(siret.startswith("\t") and siret[1:].isdigit() and len(siret) == 15 for _, siret, _ in rows)


# ---- hardened XML reader ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion_laughs", "external_entity"])
def test_xml_entity_declarations_are_refused_and_nothing_is_loaded(workspace, document):
    _load(D1, "rncp_xml")
    workspace.sample(XML.sample).write_text(document, encoding="utf-8")

    with pytest.raises(SourceFormatError) as error:
        load_source(XML, D2, get_settings())
    message = str(error.value)
    assert "XML entity declarations are refused" in message
    assert "source rncp_xml" in message and "export-fiches-rncp-extract_RNCP35340.xml" in message
    assert "root:" not in message
    # The day-1 load is untouched and day 2 left no trace.
    assert workspace.query("select _as_of, numero_fiche from raw.rncp_xml") == [(D1, "RNCP35340")]
    assert workspace.query("select as_of from raw._loads where source_id = 'rncp_xml'") == [(D1,)]


def test_malformed_xml_names_the_line_and_nothing_is_loaded(workspace):
    _load(D1, "rncp_xml")
    workspace.sample(XML.sample).write_text(MALFORMED, encoding="utf-8")

    with pytest.raises(SourceFormatError, match=r"source rncp_xml, file .*: malformed XML at line 5, column \d+"):
        load_source(XML, D2, get_settings())
    assert workspace.query("select count(*) from raw.rncp_xml where _as_of = ?", [D2]) == [(0,)]
    assert workspace.query("select as_of from raw._loads where source_id = 'rncp_xml'") == [(D1,)]


def test_xml_reader_lists_quarantine_and_pinned_version(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(
        "<FICHES><VERSION_FLUX>4.1</VERSION_FLUX>"
        "<FICHE><NUMERO_FICHE>RNCP1</NUMERO_FICHE><INTITULE>a</INTITULE><ACTIF>Oui</ACTIF>"
        "<NOUVELLES_CERTIFICATIONS><NOUVELLE_CERTIFICATION><ID_FICHE_NOUVELLE_CERTIFICATION>RNCP2"
        "</ID_FICHE_NOUVELLE_CERTIFICATION></NOUVELLE_CERTIFICATION><NOUVELLE_CERTIFICATION>"
        "<ID_FICHE_NOUVELLE_CERTIFICATION>RS3</ID_FICHE_NOUVELLE_CERTIFICATION></NOUVELLE_CERTIFICATION>"
        "</NOUVELLES_CERTIFICATIONS><SI_JURY_CA><ACTIF>Non</ACTIF></SI_JURY_CA></FICHE>"
        # two fiche-level ACTIF: ambiguous, quarantined
        "<FICHE><NUMERO_FICHE>RNCP4</NUMERO_FICHE><INTITULE>b</INTITULE><ACTIF>Oui</ACTIF><ACTIF>Non</ACTIF></FICHE>"
        "<FICHE><NUMERO_FICHE>RNCP5</NUMERO_FICHE><INTITULE>c</INTITULE><ACTIF>Non</ACTIF></FICHE>"
        "</FICHES>",
        encoding="utf-8",
    )
    report, records = read_xml_records(XML, path, path.name)
    columns = ["_row_number", *XML.column_names]
    rows = [dict(zip(columns, record, strict=True)) for record in records]
    assert [(r["_row_number"], r["numero_fiche"], r["actif"], r["si_jury_ca"]) for r in rows] == [
        (1, "RNCP1", "Oui", "Non"),
        (3, "RNCP5", "Non", None),
    ]
    assert rows[0]["nouvelles_certifications"] == '["RNCP2","RS3"]'
    assert rows[1]["nouvelles_certifications"] is None
    assert [(r.row_number, r.column) for r in report.rejected] == [(2, "actif")]
    assert "matches 2 elements" in report.rejected[0].reason

    path.write_text("<FICHES><VERSION_FLUX>5.0</VERSION_FLUX><FICHE/></FICHES>", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="VERSION_FLUX> is '5.0', expected '4.1'"):
        read_xml_records(XML, path, path.name)
