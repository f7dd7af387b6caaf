"""Fetch, start, watch and stop a real local Kafka and Elasticsearch on loopback."""
