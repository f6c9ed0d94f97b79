"""The show's archive as data: search over an SQLite archive, pandas and Parquet tables."""
