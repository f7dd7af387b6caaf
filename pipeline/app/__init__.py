"""The Faust worker: app, topics and the two thin agents (enrich, index)."""
