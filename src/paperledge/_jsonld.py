"""The jsonld writer (placeholder: being written, issue 4)."""
