"""The shared insertion-indicators axis (mart_insertion) on the nightly run of the real samples: InserJeunes per
CFA and InserSup rows, their indicators and their identifiers resolved on each dataset's reference date."""

from datetime import date
from decimal import Decimal

import pytest

# macros/confidence.sql, best first.
CONFIDENCE_ORDER = ("validated", "official_register", "probable", "lieu", "inferred", "declared")


@pytest.fixture(scope="module")
def nightly(nightly_samples):
    workspace, result = nightly_samples
    assert result.success
    return workspace


def test_every_indicator_row_is_published_once(nightly):
    rows = nightly.query(
        "select source_id, grain, count(*), count(employment_rate_6_months) from mart_insertion group by all"
        " order by source_id",
        database=nightly.publication,
    )
    # sources.md §3.1: 270 of the 976 InserJeunes sample rows have no 6-month employment rate (masked).
    assert rows == [("inserjeunes_cfa", "cfa", 976, 706), ("insersup", "etablissement_diplome", 1, 1)]


def test_indicators_keep_their_published_values(nightly):
    [row] = nightly.query(
        "select reference_period, reference_date, establishment_label, employment_rate_6_months,"
        " employment_rate_12_months, further_study_rate from mart_insertion"
        " where source_id = 'inserjeunes_cfa' and uai = '0221883C' and reference_period = 'cumul 2022-2023'",
        database=nightly.publication,
    )
    assert row[:2] == ("cumul 2022-2023", date(2023, 12, 31))
    assert row[3:5] == (Decimal("67.00"), Decimal("76.00"))
    [insersup] = nightly.query(
        "select uai, sise, reference_date, further_study_rate, employment_rate_6_months from mart_insertion"
        " where source_id = 'insersup'",
        database=nightly.publication,
    )
    assert insersup == ("0062205P", "2400074", date(2020, 9, 1), Decimal("54.60"), Decimal("19.30"))


def test_siret_is_the_best_link_valid_on_the_reference_date(nightly):
    """Recomputed in Python from the published corr_uai_siret: best confidence, then smallest SIRET."""
    links = nightly.query(
        "select uai, siret, confidence, valid_from, valid_to from corr_uai_siret"
        " where is_current and confidence not in ('invalid', 'rejected')",
        database=nightly.publication,
    )
    rows = nightly.query(
        "select uai, reference_date, siret, siret_candidate_count, siret_confidence from mart_insertion"
        " where source_id = 'inserjeunes_cfa'",
        database=nightly.publication,
    )
    mismatches, resolved = [], 0
    for uai, day, siret, candidates, confidence in rows:
        valid = [
            (CONFIDENCE_ORDER.index(c), s, c)
            for u, s, c, start, end in links
            if u == uai and (start is None or start <= day) and (end is None or end > day)
        ]
        expected = min(valid)[1:] if valid else (None, None)
        resolved += bool(valid)
        if (siret, confidence, candidates) != (*expected, len(valid)):
            mismatches.append((uai, day, siret, expected))
    assert mismatches == []
    # The same rows resolve in usage_coverage (uai_to_siret, inserjeunes_cfa: 61 + 75 + 89 + 98 + 97 + 104).
    assert resolved == 524
