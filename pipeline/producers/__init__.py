"""Producers: turn files (and later feeds and pages) into validated raw articles on the raw topic."""
