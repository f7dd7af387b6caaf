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
        title = self.title or self.snippet[:80].replace("**", "") + "…"
        meta = " · ".join(x for x in (self.published or "undated", self.language, self.source) if x)
        return f"{self.score:6.2f}  {title}\n        {meta}\n        {self.snippet}"


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
