"""The crawler: sources file, polite and guarded fetching, feeds and sitemaps, de-duplication, state, counters."""
