"""Fixtures for tests against the real local Kafka and Elasticsearch; each test gets its own topics and indices."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from pipeline.config import Settings, load_settings
from pipeline.index.client import delete_indices
from pipeline.kafka_io import KafkaAdminClient
from pipeline.stack import control

ROOT = Path(__file__).resolve().parents[2]
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def stack() -> Settings:
    settings = load_settings()
    control.up(settings)  # no-op when `make test` already started it
    return settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def settings(stack: Settings):
    """Settings with topic, index, consumer-group and web-port names of this test alone; cleaned up after."""
    tag = uuid.uuid4().hex[:10]
    isolated = stack.with_overrides(
        topic_raw=f"test-{tag}.raw",
        topic_enriched=f"test-{tag}.enriched",
        topic_dlq=f"test-{tag}.dlq",
        topic_partitions=2,
        index_prefix=f"test-{tag}-",
        app_id=f"newswire-test-{tag}",
        worker_web_port=_free_port(),
        index_batch_seconds=0.5,
    )
    yield isolated
    delete_indices(isolated)
    admin = KafkaAdminClient(bootstrap_servers=isolated.kafka_servers)
    try:
        admin.delete_topics([isolated.topic_raw, isolated.topic_enriched, isolated.topic_dlq])
    except Exception:
        pass  # a test that never created its topics
    finally:
        admin.close()


@pytest.fixture
def sample_dir() -> Path:
    """The shared French samples when present, else the project's own French sample."""
    if any(SHARED_SAMPLES.glob("*.txt")):
        return SHARED_SAMPLES
    return ROOT / "samples" / "fr_sommet_geneve.txt"
