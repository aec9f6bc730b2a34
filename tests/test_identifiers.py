"""Identifier normalisation and validation macros (dbt_project/macros/identifiers.sql) on the test vectors of
the domain reference (UAI mod 23, SIREN/SIRET Luhn with La Poste's rule, CFD lost zeros, placeholders)."""

import duckdb
import pytest

from orchestration.ingest.loader import quote_literal
from tests.conftest import run_dbt

# (macro family, raw value, expected normalised value, expected status)
VECTORS = [
    ("uai", "0951099D", "0951099D", "valid"),
    ("uai", "0951099C", "0951099C", "invalid_check"),
    ("uai", "0010001W", "0010001W", "valid"),
    ("uai", "0010016M", "0010016M", "valid"),
    ("uai", "0010017N", "0010017N", "valid"),
    ("uai", "1400031Y", "1400031Y", "valid"),
    ("uai", "0352813T", "0352813T", "valid"),
    ("uai", "0772690F", "0772690F", "valid"),
    ("uai", "6342293Z", "6342293Z", "invalid_check"),
    ("uai", "0000000A", None, "placeholder"),
    ("uai", "0000000N", None, "placeholder"),
    ("uai", "951099D", "0951099D", "normalised"),
    ("uai", " 0951099d", "0951099D", "normalised"),
    ("uai", "09510999", "09510999", "invalid_format"),
    ("uai", "", None, None),
    ("siret", "19040492100016", "19040492100016", "valid"),
    ("siret", "19570099200074", "19570099200074", "valid"),
    ("siret", "19220027700015", "19220027700015", "valid"),
    ("siret", "11004301500012", "11004301500012", "valid"),
    ("siret", "38119429900016", "38119429900016", "valid"),
    ("siret", "35600000009075", "35600000009075", "valid"),
    ("siret", "35600000009093", "35600000009093", "valid"),
    ("siret", "35600000009090", "35600000009090", "invalid_check"),
    ("siret", "35600000000048", "35600000000048", "valid"),
    ("siret", "77560813500859", "77560813500859", "invalid_check"),
    ("siret", "77568013500708", "77568013500708", "invalid_check"),
    ("siret", "18080648800015", "18080648800015", "invalid_check"),
    ("siret", "99999999999999", None, "placeholder"),
    ("siret", "2408240600034", "02408240600034", "normalised"),
    ("siret", "\t11004301500012", "11004301500012", "normalised"),
    ("siret", "2,17003E+13", "2,17003E+13", "invalid_format"),
    ("siren", "356000000", "356000000", "valid"),
    ("siren", "381194299", "381194299", "valid"),
    ("siren", "381194298", "381194298", "invalid_check"),
    ("cfd", "32032613", "32032613", "valid"),
    ("cfd", "16X32679", "16X32679", "valid"),
    ("cfd", "1022001", "01022001", "normalised"),
    ("cfd", "320-32613 T", "32032613", "normalised"),
    ("cfd", "00000000", None, "placeholder"),
    ("cfd", "NR", None, "placeholder"),
    ("cfd", "29.0", "29.0", "invalid_format"),
]

NORMALISERS = {
    "uai": "normalize_uai",
    "siret": "normalize_siret",
    "siren": "clean_code",
    "cfd": "normalize_cfd",
}


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory) -> dict:
    """Compile every vector through the real macros (dbt compile --inline), then evaluate in DuckDB."""
    rows = "\n union all ".join(
        f'select {i} as id, {{{{ {NORMALISERS[kind]}("{quote_literal(raw)}") }}}} as normalised, '
        f'{{{{ {kind}_status("{quote_literal(raw)}") }}}} as status'
        for i, (kind, raw, _, _) in enumerate(VECTORS)
    )
    compiled = run_dbt(["compile", "--quiet", "--inline", rows, "--output", "text"], tmp_path_factory.mktemp("ids"))
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    with duckdb.connect() as con:
        return {row[0]: row[1:] for row in con.execute(compiled.stdout).fetchall()}


@pytest.mark.parametrize(("index", "vector"), list(enumerate(VECTORS)), ids=[f"{v[0]}:{v[1]!r}" for v in VECTORS])
def test_identifier_vector(evaluated, index, vector):
    kind, raw, normalised, status = vector
    assert evaluated[index] == (normalised, status)
