"""The markdown writer (placeholder: being written, issue 4)."""
