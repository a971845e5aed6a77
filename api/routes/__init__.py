"""The JSON API, one module per topic."""
