"""Ingest: readers, extraction and entity resolution, from sources to batches."""
