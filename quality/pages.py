"""Score page extraction on saved pages (eval/pages/): body and comment separation, metadata, non-articles."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.web.page import NoArticle, Page, extract_page

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldPage:
    file: str
    html: bytes
    article: bool
    body: str = ""
    comments: str = ""
    meta: dict[str, Any] = field(default_factory=dict)


def _xpath_text(tree: Any, xpath: str | None) -> str:
    if not xpath:
        return ""
    return "\n".join(" ".join(node.text_content().split()) for node in tree.xpath(xpath))


def load_gold_pages(folder: Path) -> list[GoldPage]:
    """The annotated pages: gold body and comments are the text of elements an annotator chose by XPath."""
    import lxml.html

    pages = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        html = (folder / entry["file"]).read_bytes()
        tree = lxml.html.document_fromstring(html.decode(entry.get("encoding", "utf-8")))
        meta = {k: entry.get(k) for k in ("title", "author", "published", "site_name", "canonical")}
        pages.append(
            GoldPage(
                entry["file"],
                html,
                entry["article"],
                _xpath_text(tree, entry.get("body_xpath")),
                _xpath_text(tree, entry.get("comments_xpath")),
                meta,
            )
        )
    return pages


def _tokens(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in _WORD.findall(text))


@dataclass(frozen=True)
class Extracted:
    body: str | None  # None: the system found no article
    comments: str = ""
    page: Page | None = None


def newswire_system(html: bytes) -> Extracted:
    try:
        page = extract_page(html)
    except NoArticle:
        return Extracted(None)
    return Extracted(page.text, "\n".join(page.comments), page)


def trafilatura_precision_system(html: bytes) -> Extracted:
    import trafilatura

    text = trafilatura.extract(html, favor_precision=True, include_comments=False)
    return Extracted(text or None)


def readability_system(html: bytes) -> Extracted:
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    text = "\n".join(" ".join(p.split()) for p in lxml.html.fragment_fromstring(summary).itertext())
    return Extracted(text if text.strip() else None)


def paragraphs_system(html: bytes) -> Extracted:
    """Baseline: the text of every <p> on the page."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)
    text = "\n".join(" ".join(p.text_content().split()) for p in tree.iter("p"))
    return Extracted(text or None)


SYSTEMS: dict[str, Callable[[bytes], Extracted]] = {
    "newswire (trafilatura + comment split)": newswire_system,
    "trafilatura favor_precision": trafilatura_precision_system,
    "readability-lxml": readability_system,
    "all <p> (baseline)": paragraphs_system,
}


@dataclass
class Score:
    matched: int = 0
    predicted: int = 0
    gold: int = 0
    comment_leak: int = 0
    comment_gold: int = 0
    pages_right: int = 0
    pages: int = 0
    metadata: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)

    def f1(self) -> tuple[float, float, float]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _metadata_hits(page: Page, meta: dict[str, Any]) -> Counter[str]:
    from pipeline.identity import canonical_url

    hits: Counter[str] = Counter()
    hits["title"] += page.title == meta["title"]
    hits["author"] += (page.author or None) == meta["author"]
    hits["published"] += (page.published or "")[:10] == (meta["published"] or "")
    hits["site_name"] += page.site_name == meta["site_name"]
    wanted = meta["canonical"]
    hits["canonical"] += (canonical_url(page.url) if page.url else None) == wanted
    return hits


def score(pages: list[GoldPage], system: Callable[[bytes], Extracted]) -> Score:
    result = Score()
    for gold in pages:
        started = time.perf_counter()
        out = system(gold.html)
        result.seconds.append(time.perf_counter() - started)
        result.pages += 1
        result.pages_right += (out.body is not None) == gold.article
        if not gold.article:
            continue
        got, want, comments = _tokens(out.body or ""), _tokens(gold.body), _tokens(gold.comments)
        result.matched += sum((got & want).values())
        result.predicted += sum(got.values())
        result.gold += sum(want.values())
        # Comment words in the body that the article itself does not contain.
        result.comment_leak += sum(((got - want) & comments).values())
        result.comment_gold += sum(comments.values())
        if out.page is not None:
            result.metadata.update(_metadata_hits(out.page, gold.meta))
    return result


def render_pages(pages: list[GoldPage], repeat: int = 3) -> str:
    articles = sum(p.article for p in pages)
    lines = [
        f"{len(pages)} saved pages ({articles} articles); body scored as bag-of-words P/R/F1 against the "
        "annotated elements",
        "",
        "| system | body P | body R | body F1 | comment words leaked | article/non-article right | ms/page (median) |",
        "|---|---|---|---|---|---|---|",
    ]
    newswire: Score | None = None
    for name, system in SYSTEMS.items():
        runs = [score(pages, system) for _ in range(repeat)]
        result = runs[0]
        median_ms = statistics.median(t for run in runs for t in run.seconds) * 1000
        p, r, f = result.f1()
        leak = result.comment_leak / result.comment_gold if result.comment_gold else 0.0
        right = f"{result.pages_right}/{result.pages}"
        lines.append(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {leak:.1%} | {right} | {median_ms:.1f} |")
        newswire = newswire or result
    if newswire is not None:
        lines += ["", f"newswire metadata, correct out of {articles} articles:"]
        lines += [
            f"  {key}: {newswire.metadata[key]}" for key in ("title", "author", "published", "site_name", "canonical")
        ]
    return "\n".join(lines)
