"""The JSON Schemas of the records and the Elasticsearch index templates, shipped as the data package pipeline.schemas."""
