import pytest

from pipeline.kafka_io import ensure_topics
from pipeline.stack import control

pytestmark = pytest.mark.integration


def test_stack_is_healthy_and_second_up_does_nothing(stack):
    assert control.up(stack) == []
    statuses = {c.name: c for c in control.status(stack)}
    assert statuses["kafka"].healthy and statuses["elasticsearch"].healthy
    assert statuses["elasticsearch"].version.startswith("8.")


def test_topics_are_created_idempotently(settings):
    first = ensure_topics(settings)
    second = ensure_topics(settings)
    assert first == second == {settings.topic_raw: 2, settings.topic_enriched: 2, settings.topic_dlq: 2}
