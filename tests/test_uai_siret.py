"""UAI↔SIRET rules that need a change to the real inputs: a territorial decision file, and a SIRET that closes
with a SIRENE successor. The edits are test-made and commented as such; everything else is the real samples.

The rules on the untouched samples (shared SIRET, closed UAI, placeholders, conflicts) are in test_pipeline.py.
"""

import io
from contextlib import redirect_stdout
from datetime import date

import pytest

from orchestration import cli
from orchestration.ingest.loader import load_source
from orchestration.publication import publish
from orchestration.registry import SOURCES
from orchestration.settings import get_settings

AS_OF = date(2026, 11, 2)
SELECTION = ("+corr_uai_siret", "+anomalies")
CLOSED_SIRET, SUCCESSOR = "19010001600012", "19010001600038"  # 0010001W's real SIRET, a test-made successor
# 0161043X's two real SIRETs (MFR network referential), and a test-made successor of both
TWIN_CLOSED, TWIN_SUCCESSOR = ("78125674800018", "78125674800026"), "78125674800034"
CORRECTIONS = (
    "uai;siret;decision;author;organisation;decided_on;justification\n"
    "0010007C;19010007300013;reject;Jeanne Martin;Rectorat de Lyon — SSA;2026-10-15;"
    "Le LP fermé en 2001 ne partage plus le SIRET du lycée\n"
    "0312755B;49917930700024;confirm;Paul Durand;Région Occitanie;2026-10-20;Vérifié avec le CFA\n"
)


@pytest.fixture
def edited(workspace, tmp_path, monkeypatch):
    corrections = tmp_path / "corrections"
    corrections.mkdir()
    (corrections / "uai_siret.csv").write_text(CORRECTIONS, encoding="utf-8")
    monkeypatch.setenv("REFERENTIELS_CORRECTIONS_DIR", str(corrections))
    # Test edit: SIRENE says 0010001W's SIRET closed on 2021-09-01, with a successor from that day; and both
    # SIRETs of 0161043X closed on 2022-09-01 with one successor (a merger of two sites).
    workspace.sample("sirene_etablissement/sample_etablissements_OK.csv").write_text(
        "siren,siret,dateCreationEtablissement,etablissementSiege,dateDebut,etatAdministratifEtablissement\n"
        f"190100016,{CLOSED_SIRET},1965-05-01,true,2021-09-01,F\n"
        f"190100016,{SUCCESSOR},2021-09-01,true,2021-09-01,A\n"
        + "".join(f"781256748,{siret},1980-01-01,false,2022-09-01,F\n" for siret in TWIN_CLOSED)
        + f"781256748,{TWIN_SUCCESSOR},2022-09-01,true,2022-09-01,A\n"
    )
    links = workspace.sample("sirene_etablissement/StockEtablissementLiensSuccession_extrait_siren381194299.tsv")
    successions = [(CLOSED_SIRET, SUCCESSOR, "2021-09-01")] + [(s, TWIN_SUCCESSOR, "2022-09-01") for s in TWIN_CLOSED]
    links.write_text(
        links.read_text() + "".join(f"{p}\t{s}\t{d}\tfalse\ttrue\t2026-10-01 00:00:00\n" for p, s, d in successions)
    )
    return workspace


def _load_and_build(workspace) -> None:
    # The link tables, the anomaly register and their tests: the rest of the project is not read here.
    workspace.load(AS_OF, *SELECTION)
    result = workspace.dbt_build(AS_OF, *SELECTION)
    assert result.returncode == 0, result.stdout[-3000:]


def _links(workspace, uai):
    return workspace.query(
        "select siret, valid_from, valid_to, confidence, rule, sources, inferred_from_siret, reviewed_decision, "
        "reviewed_by, reviewed_organisation, reviewed_on from marts.corr_uai_siret where uai = ? order by siret",
        [uai],
    )


def _lookup(*args) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["lookup", *args])
    return code, out.getvalue()


def test_decisions_and_successions_apply_and_are_attributed(edited):
    _load_and_build(edited)

    # A closed SIRET with a successor: the link stops at the closure, an inferred link carries it forward.
    assert _links(edited, "0010001W") == [
        (
            CLOSED_SIRET,
            date(1965, 5, 1),
            date(2021, 9, 1),
            "official_register",
            "register_siret",
            "acce_uai",
            None,
            None,
            None,
            None,
            None,
        ),
        (
            SUCCESSOR,
            date(2021, 9, 1),
            None,
            "inferred",
            "sirene_succession",
            "sirene_liens_succession",
            CLOSED_SIRET,
            None,
            None,
            None,
            None,
        ),
    ]
    # Two closed SIRETs of one UAI with the same successor: one inferred link, from the smallest predecessor.
    mfr = ("referentiel_reseau_mfr", None)
    assert [row[:7] for row in _links(edited, "0161043X")] == [
        (TWIN_CLOSED[0], date(1980, 1, 1), date(2022, 9, 1), "probable", "referentiel_probable_uai", *mfr),
        (TWIN_CLOSED[1], date(1980, 1, 1), date(2022, 9, 1), "validated", "referentiel_validated_uai", *mfr),
        (
            TWIN_SUCCESSOR,
            date(2022, 9, 1),
            None,
            "inferred",
            "sirene_succession",
            "sirene_liens_succession",
            TWIN_CLOSED[0],
        ),
    ]
    # A rejection keeps the link visible, attributed, and routes an anomaly to the register's producer.
    assert _links(edited, "0010007C") == [
        (
            "19010007300013",
            date(1965, 5, 1),
            date(2001, 9, 1),
            "rejected",
            "territorial_reject",
            "acce_uai, corrections_uai_siret",
            None,
            "reject",
            "Jeanne Martin",
            "Rectorat de Lyon — SSA",
            date(2026, 10, 15),
        ),
    ]
    assert edited.query(
        "select producer, source_id from marts.anomalies where rule = 'rejected_link_still_asserted'"
    ) == [("MENJ — DEPP (bureau des nomenclatures et répertoires)", "acce_uai")]
    # A confirmation lifts a register link above the Référentiel's conflicting validated SIRET.
    confirmed = [row for row in _links(edited, "0312755B") if row[7] == "confirm"]
    assert confirmed == [
        (
            "49917930700024",
            date(2007, 9, 1),
            None,
            "validated",
            "territorial_confirm",
            "corrections_uai_siret, depp_cfa_sous_convention",
            None,
            "confirm",
            "Paul Durand",
            "Région Occitanie",
            date(2026, 10, 20),
        ),
    ]

    # The lookup macros in the publication answer before and after the succession.
    publish(get_settings(), ["anomalies", "corr_uai_siret"], AS_OF, "test-run")
    code, before = _lookup("--uai", "0010001W", "--date", "2020-06-01")
    assert code == 0
    assert f"0010001W ↔ {CLOSED_SIRET}  confiance official_register" in before
    assert SUCCESSOR not in before
    code, after = _lookup("--uai", "0010001W", "--date", "2022-06-01")
    assert f"0010001W ↔ {SUCCESSOR}  confiance inferred, règle sirene_succession" in after
    assert f"reporté depuis {CLOSED_SIRET}" in after
    assert CLOSED_SIRET + "  confiance" not in after
    code, rejected = _lookup("--uai", "0010007C", "--date", "2000-01-01")
    assert code == 1 and "aucun lien valide" in rejected
    assert edited.query(
        "select siret from siret_of_uai('0312755B', date '2026-11-02') order by confidence_rank, siret",
        database=edited.publication,
    ) == [("49917930700024",), ("49917930700032",)]

    # Re-running the same day leaves the published history unchanged.
    before_rerun = edited.query("select * from marts.corr_uai_siret order by uai, siret, known_from")
    _load_and_build(edited)
    assert edited.query("select * from marts.corr_uai_siret order by uai, siret, known_from") == before_rerun


def test_malformed_decision_fails_with_its_row(workspace, tmp_path, monkeypatch):
    corrections = tmp_path / "corrections"
    corrections.mkdir()
    (corrections / "uai_siret.csv").write_text(
        "uai;siret;decision;author;organisation;decided_on;justification\n"
        "0010007C;19010007300013;maybe;Jeanne Martin;Rectorat de Lyon;2026-10-15;?\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("REFERENTIELS_CORRECTIONS_DIR", str(corrections))
    load_source(SOURCES["corrections_uai_siret"], AS_OF, get_settings())
    result = workspace.dbt_build(AS_OF, "stg_corrections__uai_siret")
    assert result.returncode != 0
    assert "FAIL 1 accepted_values_stg_corrections__uai_siret_decision__confirm__reject" in result.stdout
    assert workspace.query("select source_row_number, decision from staging.stg_corrections__uai_siret") == [
        (2, "maybe")
    ]
