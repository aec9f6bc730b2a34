"""Great Expectations suites run as blocking Dagster asset checks: the publication gate."""
