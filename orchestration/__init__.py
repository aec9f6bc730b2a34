"""référentiels-apprentissage: the Dagster code location."""
