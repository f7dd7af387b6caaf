"""Web pages to articles: decoding, main-text and comment extraction (pure: no network, no Kafka)."""
