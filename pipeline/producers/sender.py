"""Send raw articles to the raw topic with kafka-python; rejected inputs go to the dead-letter topic."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings
from pipeline.kafka_io import make_producer
from pipeline.models import DeadLetter, RawArticle, encode_json
from pipeline.producers.files import Rejection, read_articles

log = logging.getLogger(__name__)
PROGRESS_FROM = 100  # inputs below this size finish before a progress bar would help


@dataclass
class ProduceSummary:
    """What a produce run did; `failed` counts sends the broker did not acknowledge."""

    sent: int = 0
    failed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"sent {self.sent}, rejected {sum(self.rejected.values())}, failed {self.failed}"]
        lines += [f"  rejected {count}× {reason}" for reason, count in self.rejected.most_common()]
        return "\n".join(lines)


def _progress(items: list[RawArticle | Rejection], show: bool | None) -> Iterable[RawArticle | Rejection]:
    if show is False or (show is None and (len(items) < PROGRESS_FROM or not sys.stderr.isatty())):
        return items
    from tqdm import tqdm

    return tqdm(items, unit="article", file=sys.stderr)


def produce_paths(settings: Settings, paths: Iterable[str | Path], progress: bool | None = None) -> ProduceSummary:
    """Read, validate and send every article under `paths`; never stops on a bad input."""
    items = list(read_articles(paths))
    summary = ProduceSummary()
    producer = make_producer(settings)
    pending = []
    try:
        for item in _progress(items, progress):
            if isinstance(item, Rejection):
                summary.rejected[item.reason.split(":")[0]] += 1
                log.warning("rejected %s: %s", item.origin, item.reason)
                letter = DeadLetter(
                    "produce", "PoisonRecord", item.reason, item.payload.encode("utf-8"), key=item.origin
                )
                producer.send(settings.topic_dlq, value=encode_json(letter.to_dict()))
                continue
            future = producer.send(settings.topic_raw, key=item.id.encode(), value=encode_json(item.to_dict()))
            pending.append((item.id, future))
        producer.flush()
        for article_id, future in pending:
            try:
                future.get(timeout=30)
                summary.sent += 1
                summary.ids.append(article_id)
            except Exception as exc:  # the broker's reason is reported, the run goes on
                summary.failed += 1
                log.error("send failed for %s: %s", article_id, exc)
    finally:
        producer.close()
    return summary
