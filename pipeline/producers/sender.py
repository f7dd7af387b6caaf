"""Send raw articles to the raw topic with kafka-python; rejected inputs go to the dead-letter topic."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.contract import check_envelope
from pipeline.errors import PoisonRecord
from pipeline.kafka_io import make_producer
from pipeline.models import DeadLetter, RawArticle, encode_json
from pipeline.producers.files import Rejection, Skip, read_articles

log = logging.getLogger(__name__)
Item = RawArticle | Rejection | Skip
PROGRESS_DELAY = 2.0  # seconds before the bar appears: small inputs finish without one


@dataclass
class ProduceSummary:
    """What a produce run did; `failed` counts sends the broker did not acknowledge."""

    sent: int = 0
    failed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # inputs that are no article (e.g. a WARC's index pages)
    ids: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [
            f"sent {self.sent}, rejected {sum(self.rejected.values())}, skipped {sum(self.skipped.values())}, "
            f"failed {self.failed}"
        ]
        lines += [f"  rejected {count}× {reason}" for reason, count in self.rejected.most_common()]
        lines += [f"  skipped {count}× {reason}" for reason, count in self.skipped.most_common()]
        return "\n".join(lines)


def _progress(items: Iterable[Item], show: bool | None) -> Iterable[Item]:
    """Inputs are read lazily (a WARC backfill may not fit in memory), so the bar counts and rates, with no total."""
    if show is False or (show is None and not sys.stderr.isatty()):
        return items
    from tqdm import tqdm

    return tqdm(items, unit="input", file=sys.stderr, delay=0 if show else PROGRESS_DELAY)


class RawSender:
    """The one way articles reach the raw topic (files, WARC archives, the crawler): keyed by id, rejects to the DLQ."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._producer = make_producer(settings)

    def send(self, article: RawArticle) -> Any:
        """Queue one article; the returned future resolves when the broker acknowledges it (InvalidRecord first)."""
        record = article.to_dict()
        check_envelope(record)  # every producer of ours sends only what the worker would accept
        return self._producer.send(self.settings.topic_raw, key=article.id.encode(), value=encode_json(record))

    def send_and_wait(self, article: RawArticle, timeout: float = 30.0) -> None:
        """Send one article and block until the broker acknowledges it (raises its reason otherwise)."""
        self.send(article).get(timeout=timeout)

    def reject(self, stage: str, reason: str, payload: bytes, origin: str | None = None) -> Any:
        """Queue a dead letter (payload cut to the dead-letter limit); the future resolves on the broker's ack."""
        cut = payload[: self.settings.dead_letter_max_bytes]
        letter = DeadLetter(stage, "PoisonRecord", reason, cut, key=origin, payload_bytes=len(payload))
        return self._producer.send(self.settings.topic_dlq, value=encode_json(letter.to_dict()))

    def flush(self) -> None:
        self._producer.flush()

    def close(self) -> None:
        self._producer.close()


def produce_paths(settings: Settings, paths: Iterable[str | Path], progress: bool | None = None) -> ProduceSummary:
    """Read, validate and send every article under `paths`; never stops on a bad input."""
    items = read_articles(paths)
    summary = ProduceSummary()
    sender = RawSender(settings)
    pending: list[tuple[str, Any]] = []
    letters: list[tuple[str | None, Any]] = []
    try:
        for item in _progress(items, progress):
            if isinstance(item, Skip):
                summary.skipped[item.reason] += 1
                log.info("skipped %s: %s", item.origin, item.reason)
                continue
            if isinstance(item, Rejection):
                summary.rejected[item.reason.split(":")[0]] += 1
                log.warning("rejected %s: %s", item.origin, item.reason)
                letters.append(
                    (item.origin, sender.reject("produce", item.reason, item.payload.encode("utf-8"), item.origin))
                )
                continue
            try:
                pending.append((item.id, sender.send(item)))
            except PoisonRecord as exc:  # e.g. a WARC page whose title is longer than the contract allows
                summary.rejected["invalid_article"] += 1
                log.warning("rejected %s: %s", item.url or item.id, exc)
                letters.append((item.url, sender.reject("produce", str(exc), encode_json(item.to_dict()), item.url)))
        sender.flush()
        for origin, future in letters:  # a dead letter counts only once the broker has it
            try:
                future.get(timeout=30)
            except Exception as exc:
                summary.failed += 1
                log.error("dead letter for %s not delivered: %s", origin, exc)
        for article_id, future in pending:
            try:
                future.get(timeout=30)
                summary.sent += 1
                summary.ids.append(article_id)
            except Exception as exc:  # the broker's reason is reported, the run goes on
                summary.failed += 1
                log.error("send failed for %s: %s", article_id, exc)
    finally:
        sender.close()
    return summary
