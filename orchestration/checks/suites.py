"""Expectation suites per published mart, declared as data.

Severity policy: `error` blocks the publication (keys the pipeline generates, and the share of usable
identifiers falling below what every real load so far has met); `warn` only reports. Invalid identifiers in
the sources are expected real-world defects: they are flagged in the marts and gated only in proportion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

IDENTIFIER_STATUSES = ["valid", "normalised", "invalid_format", "invalid_check", "placeholder"]
USABLE = ["valid", "normalised"]


@dataclass(frozen=True)
class Expectation:
    kind: str  # a great_expectations.expectations class name
    kwargs: dict = field(default_factory=dict)
    severity: str = "error"


SUITES: dict[str, list[Expectation]] = {
    "uai_records": [
        Expectation("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "uai"}),
        Expectation("ExpectCompoundColumnsToBeUnique", {"column_list": ["source_id", "record_key"]}),
        Expectation("ExpectColumnValuesToBeInSet", {"column": "uai_status", "value_set": IDENTIFIER_STATUSES}),
        Expectation("ExpectColumnValuesToBeInSet", {"column": "uai_status", "value_set": USABLE, "mostly": 0.95}),
        Expectation(
            "ExpectColumnValuesToBeInSet",
            {"column": "siret_status", "value_set": USABLE, "mostly": 0.95},
            severity="warn",
        ),
    ],
    "cfd_records": [
        Expectation("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        Expectation("ExpectColumnValuesToBeUnique", {"column": "cfd"}),
        Expectation("ExpectColumnValuesToBeInSet", {"column": "cfd_status", "value_set": USABLE, "mostly": 0.99}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "label", "mostly": 0.99}),
    ],
    "corr_uai_siret": [
        Expectation("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        Expectation("ExpectCompoundColumnsToBeUnique", {"column_list": ["uai", "siret", "known_from"]}),
        Expectation("ExpectColumnValuesToMatchRegex", {"column": "uai", "regex": r"^[0-9]{7}[A-Z]$"}),
        Expectation("ExpectColumnValuesToMatchRegex", {"column": "siret", "regex": r"^[0-9]{14}$"}),
        # Most links rest on more than a declaration (the ladder itself is a dbt accepted_values test):
        # a collapse of the share means a broken source.
        Expectation(
            "ExpectColumnValuesToNotBeInSet",
            {"column": "confidence", "value_set": ["declared", "invalid", "rejected"], "mostly": 0.5},
        ),
    ],
    "anomalies": [
        Expectation("ExpectColumnValuesToBeUnique", {"column": "anomaly_id"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "producer"}),
    ],
    "sources": [
        Expectation("ExpectColumnValuesToBeUnique", {"column": "source_id"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "url"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "licence"}),
    ],
}
