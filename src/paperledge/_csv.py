"""The csv writer (placeholder: being written, issue 4)."""
