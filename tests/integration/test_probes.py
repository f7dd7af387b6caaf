"""The worker's readiness checks against the real local Kafka and Elasticsearch, and against addresses nobody serves."""

import asyncio
import socket

import pytest

from pipeline.app.observe import Readiness, elasticsearch_check, kafka_check, status_body
from pipeline.index.client import make_async_client

pytestmark = pytest.mark.integration


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when we return: nothing listens there


async def _probe(settings):
    es = make_async_client(settings)
    try:
        return await Readiness({"kafka": kafka_check(settings), "elasticsearch": elasticsearch_check(es)}).run()
    finally:
        await es.close()


def test_ready_when_both_clusters_answer(settings):
    results = asyncio.run(_probe(settings))
    assert results == {"kafka": "ok", "elasticsearch": "ok"}
    assert status_body(results)[0] == 200


def test_not_ready_names_each_cluster_that_does_not_answer(settings):
    port = _closed_port()
    gone = settings.with_overrides(kafka_bootstrap=f"127.0.0.1:{port}", es_url=f"http://127.0.0.1:{port}")
    results = asyncio.run(_probe(gone))
    assert results["kafka"] != "ok" and results["elasticsearch"] != "ok"
    assert "Connection" in results["elasticsearch"] or "Timeout" in results["elasticsearch"], results
    status, body = status_body(results)
    assert status == 503 and '"ready": false' in body
