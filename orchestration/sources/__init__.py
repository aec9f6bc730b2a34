"""One module per source, each declaring its `SOURCE` entry of the registry."""
