"""Read articles from .jsonl, .json and plain-text files or folders into RawArticle records or rejections."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.contract import article_from_record
from pipeline.errors import PoisonRecord
from pipeline.extract.text import normalise_text
from pipeline.models import RawArticle
from pipeline.producers.outcomes import Rejection, Skip
from pipeline.producers.warc import is_warc, warc_articles
from pipeline.web.article import article_from_page
from pipeline.web.page import NoArticle, extract_page

TEXT_SUFFIXES = {".txt", ".text", ""}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
# A first line longer than this is a lead paragraph, not a headline (as in some scraped texts).
TITLE_MAX_CHARS = 300
_DATE_LINE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$|^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")


def parse_date_line(line: str) -> str | None:
    """ISO date for a line that is only a date (YYYY-MM-DD, or day-first DD-MM-YYYY as in European sources)."""
    match = _DATE_LINE.match(line)
    if not match:
        return None
    if match.group(1):
        y, m, d = int(match.group(1)), int(match.group(2)), int(match.group(3))
    else:
        d, m, y = int(match.group(4)), int(match.group(5)), int(match.group(6))
        if m > 12 and d <= 12:  # unambiguously month-first
            d, m = m, d
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_plain_text(content: str) -> tuple[str, str | None, str]:
    """Split a plain-text article into (title, published, body): a title line and a date line, in either order."""
    lines = normalise_text(content).split("\n")
    head: list[str] = []
    published: str | None = None
    index = 0
    while index < len(lines) and len(head) + (published is not None) < 2:
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        found = parse_date_line(line) if published is None else None
        if found:
            published = found
        elif not head and len(line) <= TITLE_MAX_CHARS:
            head.append(line)
        else:
            index -= 1  # a long first line or a second non-date line belongs to the body
            break
    body = "\n".join(lines[index:]).strip()
    title = head[0] if head else ""
    if not body:
        title, body = "", title
    return title, published, body


# Names other scrapers use for the contract's fields; the first present wins.
ALIASES = {"text": ("body", "content"), "published": ("date",), "language": ("lang", "language_hint")}


def article_from_mapping(record: Any, origin: str) -> RawArticle:
    """A JSON object from a file → RawArticle through the raw-topic contract (the same code the worker runs)."""
    if isinstance(record, dict) and "schema" not in record:
        record = dict(record)
        for name, others in ALIASES.items():
            for other in others:
                if record.get(name) in (None, "") and other in record:
                    record[name] = record.pop(other)
    return article_from_record(record, default_source=f"file:{Path(origin.split(':')[0].split('[')[0]).name}")


def article_from_text(content: str, origin: str) -> RawArticle:
    title, published, body = parse_plain_text(content)
    return article_from_mapping(
        {"title": title, "text": body, "published": published, "source": f"file:{Path(origin).name}"}, origin
    )


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders walked in sorted order (hidden files skipped)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _json_records(path: Path, force_jsonl: bool = False) -> Iterator[tuple[str, Any | PoisonRecord, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json" and not force_jsonl:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield str(path), PoisonRecord(f"invalid JSON: {exc}"), text[:2000]
            return
        except RecursionError:
            yield str(path), PoisonRecord("invalid JSON: nested too deeply"), text[:2000]
            return
        for i, item in enumerate(data if isinstance(data, list) else [data]):
            yield f"{path}[{i}]", item, json.dumps(item, ensure_ascii=False)[:100000]
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{number}", json.loads(line), line
        except json.JSONDecodeError as exc:
            yield f"{path}:{number}", PoisonRecord(f"invalid JSON line: {exc}"), line
        except RecursionError:
            yield f"{path}:{number}", PoisonRecord("invalid JSON line: nested too deeply"), line


def article_from_html(path: Path) -> RawArticle:
    """A saved page, through the same extraction as crawled pages (NoArticle when it holds none)."""
    page = extract_page(path.read_bytes())
    return article_from_page(page, source=page.site_name or "file", fetched_url=None, extra={"file": str(path)})


def read_articles(paths: Iterable[str | Path], force_jsonl: bool = False) -> Iterator[RawArticle | Rejection | Skip]:
    """Every article found under `paths`, in order, or a Rejection/Skip saying why an input is not one."""
    for path in expand_paths(paths):
        suffix = path.suffix.lower()
        try:
            if is_warc(path):
                yield from warc_articles(path)
            elif suffix in HTML_SUFFIXES:
                try:
                    yield article_from_html(path)
                except NoArticle as exc:
                    yield Skip(str(path), f"no_article: {exc}")
            elif suffix in JSON_SUFFIXES or force_jsonl:
                for origin, item, payload in _json_records(path, force_jsonl):
                    if isinstance(item, PoisonRecord):
                        yield Rejection(origin, str(item), payload)
                        continue
                    try:
                        yield article_from_mapping(item, origin)
                    except PoisonRecord as exc:
                        yield Rejection(origin, str(exc), payload)
            elif suffix in TEXT_SUFFIXES:
                content = path.read_text(encoding="utf-8")
                try:
                    yield article_from_text(content, str(path))
                except PoisonRecord as exc:
                    yield Rejection(str(path), str(exc), content[:100000])
            else:
                yield Rejection(str(path), f"unsupported file type {suffix!r}", "")
        except (OSError, UnicodeDecodeError) as exc:
            yield Rejection(str(path), f"cannot read file: {exc}", "")
