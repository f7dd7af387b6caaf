"""Stable article ids: a hash of the canonical URL, else of the normalised content."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the article.
TRACKING_PARAMS = re.compile(
    # Not `ref`, `ito`, `spm` or `at_*`: some sites use them to tell articles apart (?ref=123 vs ?ref=456).
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref_src|cmpid|xtor)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments and tracking parameters; sort the rest."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # an IPv6 literal keeps its brackets, or the port could not be told from the address
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def site_of(url: str) -> str:
    """The site a URL belongs to: its host, lower-cased, without a leading www."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def normalised_content(title: str, text: str) -> str:
    """Case-, width- and whitespace-insensitive form of an article's content, for hashing."""
    folded = unicodedata.normalize("NFKC", f"{title}\n{text}").casefold()
    return " ".join(folded.split())


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()[:32]


def article_id(url: str | None, title: str, text: str) -> str:
    """The key of every record and the Elasticsearch _id of the article."""
    if url and urlsplit(url).scheme in ("http", "https"):
        return _digest("url", canonical_url(url))
    return _digest("content", normalised_content(title, text))
