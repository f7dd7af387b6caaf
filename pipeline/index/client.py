"""Elasticsearch access: ensure versioned indices behind aliases, bulk-write with retries, search."""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import ApiError, AsyncElasticsearch, Elasticsearch, TransportError

from pipeline.config import Settings
from pipeline.index.layout import current_version, read_layouts
from pipeline.index.templates import KINDS, LANGUAGE_ANALYZERS, concrete_index, template_for

log = logging.getLogger(__name__)


def es_options(settings: Settings) -> dict[str, Any]:
    """Hosts (or an Elastic Cloud id) and credentials for every Elasticsearch client, from one place."""
    options: dict[str, Any] = {"cloud_id": settings.es_cloud_id} if settings.es_cloud_id else {
        "hosts": settings.elasticsearch_hosts}  # fmt: skip
    if settings.es_api_key:
        options["api_key"] = settings.es_api_key
    elif settings.es_username:
        options["basic_auth"] = (settings.es_username, settings.es_password or "")
    if settings.es_ca_certs:
        options["ca_certs"] = str(settings.es_ca_certs)
    return options


def make_client(settings: Settings) -> Elasticsearch:
    return Elasticsearch(**es_options(settings), request_timeout=30, retry_on_timeout=True, max_retries=3)


def make_async_client(settings: Settings) -> AsyncElasticsearch:
    return AsyncElasticsearch(**es_options(settings), request_timeout=60, retry_on_timeout=True, max_retries=3)


def index_aliases(settings: Settings) -> dict[str, str]:
    return {kind: settings.index_name(kind) for kind in KINDS}


def available_analyzers(es: Elasticsearch) -> dict[str, str]:
    """Language analyzers this cluster has (a minimal distribution has none)."""
    found = {}
    for code, analyzer in LANGUAGE_ANALYZERS.items():
        try:
            es.indices.analyze(analyzer=analyzer, text="test")
            found[code] = analyzer
        except ApiError:
            continue
    return found


def ensure_indices(settings: Settings, es: Elasticsearch | None = None) -> dict[str, str]:
    """Put the templates and create each kind's versioned index with its alias, idempotently."""
    es = es or make_client(settings)
    analyzers = available_analyzers(es)
    replicas = settings.index_replicas
    if replicas is None:  # a single local node can hold no replica; a real cluster should keep one
        replicas = 0 if settings.es_embedded else 1
    layouts = read_layouts(es, index_aliases(settings))
    for kind in KINDS:
        template = template_for(settings.index_prefix, kind, analyzers)
        template["template"].setdefault("settings", {}).update(
            {"number_of_shards": settings.index_shards, "number_of_replicas": replicas}
        )
        es.indices.put_index_template(name=f"{settings.index_prefix}{kind}-template", **template)
        alias, layout = settings.index_name(kind), layouts.get(kind)
        current = [index for index in (layout.indices if layout else ()) if current_version(index)]
        if not current:
            index = concrete_index(settings.index_prefix, kind)
            _create(es, index, alias, older=list(layout.indices) if layout else [])
            current = [index]
        for index in current:
            # Added fields reach existing indices in place; a conflicting change fails here and needs a new version.
            es.indices.put_mapping(index=index, properties=template["template"]["mappings"]["properties"])
            # Replicas change in place; shards are fixed at creation (a new count takes effect with the next index).
            es.indices.put_settings(index=index, settings={"number_of_replicas": replicas})
    return index_aliases(settings)


def _create(es: Elasticsearch, index: str, alias: str, older: list[str]) -> None:
    """Create the current version's index as the alias's write index; older versions stay readable behind the alias
    until a replay has moved every article (the writer deletes an article's older copy when it writes it anew)."""
    try:
        es.indices.create(index=index, aliases={} if older else {alias: {"is_write_index": True}})
    except ApiError as exc:
        if exc.meta.status != 400 or "resource_already_exists" not in str(exc):
            raise
    if older:
        actions = [{"add": {"index": index, "alias": alias, "is_write_index": True}}]
        actions += [{"add": {"index": old, "alias": alias, "is_write_index": False}} for old in older]
        es.indices.update_aliases(actions=actions)


def delete_indices(settings: Settings, es: Elasticsearch | None = None) -> None:
    """Remove this prefix's indices and templates (tests use their own prefix)."""
    es = es or make_client(settings)
    layouts = read_layouts(es, index_aliases(settings))
    for kind in KINDS:
        behind = list(layouts[kind].indices) if kind in layouts else []
        for index in {concrete_index(settings.index_prefix, kind), *behind}:
            es.indices.delete(index=index, ignore_unavailable=True)
        es.options(ignore_status=404).indices.delete_index_template(name=f"{settings.index_prefix}{kind}-template")


def check_connection(settings: Settings) -> None:
    """Fail fast, naming the URL, when the cluster does not answer."""
    try:
        make_client(settings).cluster.health()
    except (TransportError, ApiError) as exc:
        raise ConnectionError(f"Elasticsearch at {settings.elasticsearch_url} does not answer: {exc}") from exc
