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


def test_lock_resolution_refuses_a_version_served_without_checksums(stack, tmp_path):
    """Elasticsearch 8.19.3's zip is on the registry without POM or checksums: pinning it must fail and say why."""
    from pipeline.errors import StackError
    from pipeline.stack.download import resolve_lock

    out = tmp_path / "lock.json"
    with pytest.raises(StackError) as caught:
        resolve_lock(stack, stack.kafka_version, "8.19.3", out)
    message = str(caught.value)
    assert "Elasticsearch 8.19.3" in message and "the registry said" in message
    assert "Checksum" in message or "Could not" in message
    assert not out.exists()


def test_lock_resolution_pins_what_the_lock_holds(stack, tmp_path):
    """Resolving the pinned versions again gives the same files and hashes as the shipped lock."""
    from pipeline.stack.download import resolve_lock
    from pipeline.stack.lock import read_lock

    out = tmp_path / "lock.json"
    resolve_lock(stack, stack.kafka_version, stack.es_version, out)
    assert read_lock(stack.with_overrides(stack_lock=out)) == read_lock(stack)
