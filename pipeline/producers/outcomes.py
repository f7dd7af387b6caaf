"""What reading an input yields besides articles: a Rejection (to the DLQ) or a Skip (not an article at all)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    """An input that should have been an article but is not valid, and why; it goes to the dead-letter topic."""

    origin: str
    reason: str
    payload: str


@dataclass(frozen=True)
class Skip:
    """An input that is no article (an index page, an image, a redirect in a WARC); counted, not dead-lettered."""

    origin: str
    reason: str
