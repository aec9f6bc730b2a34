"""Expectation suites, declared as data: one per published table, one per staging model of identifiers.

Severity policy: `error` blocks the publication (keys the pipeline generates, a published table's columns
and order, a status outside the documented vocabulary, and the share of usable identifiers falling below what
every real load so far has met); `warn` only reports. Invalid identifiers in the sources are expected
real-world defects: they are flagged and gated only in proportion.
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


# Rules of their own for some published tables, on top of what every published table gets (mart_suite).
SUITES: dict[str, list[Expectation]] = {
    "uai_records": [
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
        Expectation("ExpectColumnValuesToBeUnique", {"column": "cfd"}),
        Expectation("ExpectColumnValuesToBeInSet", {"column": "cfd_status", "value_set": USABLE, "mostly": 0.99}),
        Expectation("ExpectColumnValuesToNotBeNull", {"column": "label", "mostly": 0.99}),
    ],
    "corr_uai_siret": [
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


def mart_suite(mart: str, columns: list[str]) -> list[Expectation]:
    """Every published table: not empty, exactly its documented columns in their order (what users' code
    reads), then its own rules."""
    return [
        Expectation("ExpectTableRowCountToBeBetween", {"min_value": 1}),
        Expectation("ExpectTableColumnsToMatchOrderedList", {"column_list": columns}),
        *SUITES.get(mart, []),
    ]


def staging_suite(status_columns: list[str]) -> list[Expectation]:
    """Format rules of a source: each identifier status stays in the documented vocabulary (anything else is a
    pipeline bug), and most identifiers are usable (a collapse means a shifted column or a corrupt file)."""
    return [
        expectation
        for column in status_columns
        for expectation in (
            Expectation("ExpectColumnValuesToBeInSet", {"column": column, "value_set": IDENTIFIER_STATUSES}),
            Expectation(
                "ExpectColumnValuesToBeInSet", {"column": column, "value_set": USABLE, "mostly": 0.5}, severity="warn"
            ),
        )
    ]
