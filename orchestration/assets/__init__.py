"""Dagster assets: ingestion (one per registered source), dbt models, publication."""
