"""`newswire search`: ranked hits with a highlighted snippet, across languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch import Elasticsearch

from pipeline.config import Settings
from pipeline.index.client import make_client

SNIPPET_CHARS = 180


@dataclass(frozen=True)
class Hit:
    article_id: str
    score: float
    title: str
    published: str | None
    language: str
    source: str
    url: str | None
    snippet: str

    def render(self) -> str:
        title = printable(self.title or self.snippet[:80].replace("**", "") + "…")
        meta = printable(" · ".join(x for x in (self.published or "undated", self.language, self.source) if x))
        return f"{self.score:6.2f}  {title}\n        {meta}\n        {printable(self.snippet)}"


def printable(text: str) -> str:
    """Text for a terminal: control characters (ANSI escapes from a hostile source) shown as a replacement mark."""
    return "".join(c if c.isprintable() or c == " " else "\ufffd" for c in text)


def build_query(query: str, lang: str | None = None, since: str | None = None) -> dict[str, Any]:
    """Full-text over title and body (and their language sub-fields where the cluster has analyzers)."""
    filters: list[dict[str, Any]] = []
    if lang:
        filters.append({"term": {"language.code": lang}})
    if since:
        filters.append({"range": {"published": {"gte": since}}})
    match = {
        "multi_match": {
            "query": query,
            "fields": ["title^2", "title.*^2", "text", "text.*", "search_text"],
            "lenient": True,
        }
    }
    return {"bool": {"must": [match], "filter": filters}}


def _hit(raw: dict[str, Any]) -> Hit:
    source = raw["_source"]
    fragments = raw.get("highlight", {}).get("text") or raw.get("highlight", {}).get("title") or []
    snippet = " … ".join(fragments) if fragments else source["text"][:SNIPPET_CHARS]
    return Hit(
        article_id=source["article_id"],
        score=float(raw["_score"] or 0.0),
        title=source["title"],
        published=source.get("published"),
        language=source["language"]["code"],
        source=source["source"],
        url=source.get("url"),
        snippet=" ".join(snippet.split()),
    )


def search(
    settings: Settings, query: str, lang: str | None = None, since: str | None = None, size: int = 10,
    es: Elasticsearch | None = None,
) -> list[Hit]:  # fmt: skip
    es = es or make_client(settings)
    response = es.search(
        index=settings.index_name("articles"),
        query=build_query(query, lang, since),
        size=size,
        source_excludes=["entities", "events", "claims", "metadata"],
        highlight={
            "pre_tags": ["**"],
            "post_tags": ["**"],
            "fields": {"text": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 2}, "title": {}},
        },
    )
    return [_hit(h) for h in response["hits"]["hits"]]


def _named(field: str, value: str) -> dict[str, Any]:
    """An entity given by id (`person:vladimir-putin`) or by name, case-insensitive, on `<field>` / `<field>_id(s)`."""
    ids = f"{field}_ids" if field == "about" else f"{field}_id"
    return {"bool": {"should": [
        {"term": {ids: value}},
        {"term": {field: {"value": value, "case_insensitive": True}}},
    ], "minimum_should_match": 1}}  # fmt: skip


def search_items(
    settings: Settings,
    kind: str,
    query: str | None = None,
    *,
    speaker: str | None = None,
    about: str | None = None,
    actor: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    hedged: bool | None = None,
    lang: str | None = None,
    since: str | None = None,
    size: int = 20,
    es: Elasticsearch | None = None,
) -> list[dict[str, Any]]:
    """Claims or events (kind) matching the filters, best first: who claimed what about whom, what happened."""
    filters: list[dict[str, Any]] = []
    if speaker:
        filters.append(_named("speaker", speaker))
    if about:
        filters.append(_named("about", about))
    if actor:
        by_name = {"term": {"actors": {"value": actor, "case_insensitive": True}}}
        filters.append({"bool": {"should": [{"term": {"actor_ids": actor}}, by_name], "minimum_should_match": 1}})
    if type_:
        filters.append({"term": {"type": type_.upper()}})
    if status:
        filters.append({"term": {"status": status}})
    if hedged is not None:
        filters.append({"term": {"hedged": hedged}})
    if lang:
        filters.append({"term": {"language": lang}})
    if since:
        filters.append({"range": {"published": {"gte": since}}})
    must = [{"match": {"content" if kind == "claims" else "evidence": query}}] if query else []
    es = es or make_client(settings)
    response = es.search(
        index=settings.index_name(kind),
        query={"bool": {"must": must, "filter": filters}},
        size=size,
        sort=["_score", {"published": {"order": "desc", "missing": "_last"}}],
    )
    return [h["_source"] for h in response["hits"]["hits"]]
