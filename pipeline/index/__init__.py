"""Elasticsearch: index templates, record-to-document mapping, bulk writes and search."""
