"""partnergraph's graph layer: the schema, the stores, the named queries and the analytics."""
