"""The certification referential on the real samples: CFD↔RNCP with explicit gaps, the BTS SIO options gap and
its proposals, dim_certification, coverage figures, and the lookups of the publication."""

import io
from contextlib import redirect_stdout
from datetime import date

from orchestration import cli
from tests.conftest import NIGHTLY_AS_OF


def _published(workspace, sql, params=None):
    return workspace.query(sql, params, database=workspace.publication)


def test_bts_sio_links_gaps_and_proposals(nightly_samples):
    workspace, _ = nightly_samples
    links = _published(
        workspace,
        "select cfd, rncp, valid_from, valid_to, confidence, rule, first_kit_version, last_kit_version "
        "from corr_cfd_rncp where cfd in ('32032610', '32032612', '32032613') order by cfd, rule, rncp",
    )
    assert links == [
        # The old option A: RNCP17108 in Kit v1.0, then RNCP35340 (effective 2020-09-01) until the CFD closed.
        ("32032610", "RNCP17108", date(2015, 9, 1), date(2021, 9, 1), "official", "asserted", "v1.0", "v1.0"),
        ("32032610", "RNCP35340", date(2020, 9, 1), date(2021, 9, 1), "official", "asserted", "v3.0", "2025-01-31"),
        # The common first year has no RNCP at all: an explicit gap over its whole validity.
        ("32032612", None, date(2020, 9, 1), None, "gap", "cfd_without_rncp", None, None),
        # Option A: RNCP35340 until its registration ended (31/08/2025), then a gap (RNCP40792 is in no Kit).
        ("32032613", "RNCP35340", date(2021, 9, 1), date(2025, 9, 1), "official", "asserted", "v3.0", "2025-01-31"),
        ("32032613", None, date(2025, 9, 1), None, "gap", "cfd_without_rncp", None, None),
    ]
    gap = _published(
        workspace,
        "select cfd, member_role, asserted_rncps, proposed_rncp, proposal_rules, proposal_confidence, evidence "
        "from gap_cfd_rncp where family_key = '320:SERVICES INFORMATIQUES AUX ORGANISATIONS' order by cfd",
    )
    assert gap == [
        (
            "32032612",
            "common_year",
            None,
            "RNCP35340",
            # Two independent rules agree: the options' fiche, and the same label once years and options are
            # removed (in Certif Info and in the RNCP export).
            "label_similarity, sibling_option",
            "high",
            "Libellé proche (1.0) : Certif Info 106517 « BTS services informatiques aux organisations option A : "
            "solutions d'infrastructure, systèmes et réseaux », Certif Info 106519 « BTS services informatiques aux "
            "organisations option B : solutions logicielles et applications métiers », fiche RNCP « Services "
            "informatiques aux organisations : Option A « Solutions d’infrastructure, systèmes et réseaux » ; "
            "Option B « Solutions logicielles et applications métiers » », Même famille que 32032613, 32032614, "
            "rattaché(s) à RNCP35340",
        ),
        ("32032613", "member", "RNCP35340", None, None, None, None),
        ("32032614", "member", "RNCP35340", None, None, None, None),
    ]
    # Proposals are never promoted: the common year still has no asserted RNCP.
    assert _published(workspace, "select count(*) from corr_cfd_rncp where cfd = '32032612' and rule = 'asserted'") == [
        (0,)
    ]


def test_certif_info_successor_and_label_back_a_sibling_proposal(nightly_samples):
    workspace, _ = nightly_samples
    # CAP vannerie départemental 50023408 has no RNCP; Certif Info 21769 (CAP vannerie 50023438, RNCP37899)
    # names it as its predecessor, and the labels agree once "(CAP DEPARTEMENTAL)" and "CAP" are removed.
    assert _published(
        workspace,
        "select proposed_rncp, proposal_rules, proposal_confidence, evidence from gap_cfd_rncp "
        "where cfd = '50023408' order by proposed_rncp",
    ) == [
        ("RNCP1176", "sibling_option", "medium", "Même famille que 50023438, rattaché(s) à RNCP1176"),
        (
            "RNCP37899",
            "certif_info_successor, label_similarity, sibling_option",
            "high",
            "Certif Info 21769 (50023438, RNCP37899) succède à 50023408, Libellé proche (1.0) : Certif Info 21769 "
            "« CAP vannerie », Même famille que 50023438, rattaché(s) à RNCP37899",
        ),
    ]
    # The options of the CAP développement (DOM-TOM) have no RNCP anywhere: the gap stays without proposal.
    assert _published(
        workspace,
        "select cfd, proposed_rncp from gap_cfd_rncp where family_key = '500:DEVELOPPEMENT' order by cfd",
    ) == [("50021002", None), ("50021303", None), ("50023212", None), ("50025130", None), ("50033201", None)]


def test_mapping_cardinality_counts_links_that_hold_at_the_same_time(nightly_samples):
    workspace, _ = nightly_samples
    assert _published(
        workspace,
        "select cfd, rncp, mapping_cardinality from corr_cfd_rncp where is_current and rule = 'asserted' "
        "and cfd in ('32032610', '32032611', '32032613', '32032614') order by cfd, rncp",
    ) == [
        # 2020-09 to 2021-09 the old options carry both the old and the new fiche, and each fiche both options.
        ("32032610", "RNCP17108", "n:n"),
        ("32032610", "RNCP35340", "n:n"),
        ("32032611", "RNCP17108", "n:n"),
        ("32032611", "RNCP35340", "n:n"),
        # The new options share one fiche, which no longer overlaps the closed options.
        ("32032613", "RNCP35340", "n:1"),
        ("32032614", "RNCP35340", "n:1"),
    ]
    assert _published(
        workspace, "select count(*) from corr_cfd_rncp where rule <> 'asserted' and mapping_cardinality is not null"
    ) == [(0,)]


def test_dim_certification_and_coverage(nightly_samples):
    workspace, result = nightly_samples
    assert _published(
        workspace,
        "select code, kind, current_cfd, lineage_resolution, linked_codes from dim_certification "
        "where code in ('32032609', '32032613', 'RNCP35340') order by code",
    ) == [
        ("32032609", "cfd", "32032612", "resolved", None),
        ("32032613", "cfd", "32032613", "current", "RNCP35340"),
        ("RNCP35340", "rncp", None, None, "32032610, 32032611, 32032613, 32032614"),
    ]
    coverage = _published(
        workspace,
        "select metric, numerator, denominator, share_percent from coverage_cfd_rncp where scope = 'all' order by 1",
    )
    assert coverage[0][0] == "active_cfd_with_rncp"
    active = _published(workspace, "select count(*) from dim_certification where kind = 'cfd' and is_active")[0][0]
    covered = _published(
        workspace,
        "select count(*) from dim_certification where kind = 'cfd' and is_active and linked_codes is not null",
    )[0][0]
    assert coverage[0][1:] == (covered, active, round(100.0 * covered / active, 1))
    metadata = result.asset_materializations_for_node("publication")[0].metadata
    assert metadata["coverage_active_cfd_with_rncp"].value == f"{coverage[0][3]} % ({covered}/{active})"


def test_certification_lookups(nightly_samples, monkeypatch):
    workspace, _ = nightly_samples
    workspace.activate(monkeypatch)
    assert _published(workspace, "select rncp from rncp_of_cfd('32032613', date '2024-09-01')") == [("RNCP35340",)]
    assert _published(workspace, "select rncp from rncp_of_cfd('32032613', date '2025-10-01')") == []
    assert _published(workspace, "select cfd from cfd_of_rncp('RNCP17108', date '2016-01-01')") == [
        ("32032610",),
        ("32032611",),
    ]
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["certification", "--cfd", "32032609", "--date", NIGHTLY_AS_OF.isoformat()])
    assert code == 1  # a common first year: no RNCP
    assert "CFD 32032609" in out.getvalue() and "CFD courant 32032612 (filiation : resolved)" in out.getvalue()
