"""dbt unit tests (fixed input rows → expected rows, declared beside their models), run against the warehouse of
the session's nightly, whose raw tables give the inputs their columns. The nightly itself skips them."""

import json

from tests.conftest import DBT_DIR, NIGHTLY_AS_OF


def test_every_dbt_unit_test_passes(nightly_samples):
    workspace, _ = nightly_samples
    manifest = json.loads((DBT_DIR / "target" / "manifest.json").read_text())
    declared = sorted(node["name"] for node in manifest["unit_tests"].values())
    assert declared == ["cme_is_decoded_by_pattern"]
    result = workspace.dbt_build(NIGHTLY_AS_OF, "test_type:unit", command="test")
    assert result.returncode == 0, result.stdout[-3000:]
    results = json.loads((workspace.data_dir / "dbt_target" / "run_results.json").read_text())["results"]
    passed = sorted(
        r["unique_id"].rsplit(".", 1)[-1]
        for r in results
        if r["unique_id"].startswith("unit_test.") and r["status"] == "pass"
    )
    assert passed == declared
