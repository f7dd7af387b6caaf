"""newswire: a stream-processing ingestion pipeline for news (Kafka → Faust → Elasticsearch)."""

__version__ = "0.1.0"
