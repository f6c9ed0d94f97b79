"""The jsonl writer (placeholder: being written, issue 4)."""
