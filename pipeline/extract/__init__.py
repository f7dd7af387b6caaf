"""Pure extraction: language, entities, events and claims from article text (no Kafka, no Elasticsearch)."""
