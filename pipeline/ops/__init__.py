"""Operator tools over the topics and indices: audit, replay, dead letters."""
