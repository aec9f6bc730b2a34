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
        Expectation(
            "ExpectColumnValuesToBeInSet", {"column": "uai_status", "value_set": IDENTIFIER_STATUSES}
        ),
        Expectation(
            "ExpectColumnValuesToBeInSet", {"column": "uai_status", "value_set": USABLE, "mostly": 0.95}
        ),
        Expectation(
            "ExpectColumnValuesToBeInSet",
            {"column": "siret_status", "value_set": USABLE, "mostly": 0.95},
            severity="warn",
        ),
    ],
    "cfd_records": [
        Expectation("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        Expectation("ExpectColumnValuesToBeUnique", {"column": "cfd"}),
        Expectation(
            "ExpectColumnValuesToBeInSet", {"column": "cfd_status", "value_set": USABLE, "mostly": 0.99}
        ),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "label", "mostly": 0.99}),
    ],
    "sources": [
        Expectation("ExpectColumnValuesToBeUnique", {"column": "source_id"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "url"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "licence"}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "last_loaded_as_of"}),
    ],
}
