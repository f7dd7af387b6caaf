"""Kibana saved objects (data views, saved searches, Lens visualisations, a dashboard), shipped as pipeline.kibana."""
