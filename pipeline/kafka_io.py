"""kafka-python clients and idempotent topic creation, configured from Settings."""

from __future__ import annotations

import time
import warnings
from typing import Any

from pipeline.config import Settings

with warnings.catch_warnings():
    # kafka-python 3 warns about its own deprecated modules on import; not ours to fix.
    warnings.simplefilter("ignore", DeprecationWarning)
    from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError


def kafka_options(settings: Settings) -> dict[str, Any]:
    """Connection and security options for every kafka-python client (producer, consumer, admin), from one place."""
    options: dict[str, Any] = {"bootstrap_servers": settings.kafka_servers,
                               "security_protocol": settings.kafka_security_protocol}  # fmt: skip
    if settings.kafka_security_protocol.startswith("SASL"):
        options.update(
            sasl_mechanism=settings.kafka_sasl_mechanism,
            sasl_plain_username=settings.kafka_sasl_username,
            sasl_plain_password=settings.kafka_sasl_password,
        )
    if settings.kafka_security_protocol.endswith("SSL"):
        for name in ("cafile", "certfile", "keyfile"):
            value = getattr(settings, f"kafka_ssl_{name}")
            if value is not None:
                options[f"ssl_{name}"] = str(value)
    return options


def make_producer(settings: Settings) -> KafkaProducer:
    return KafkaProducer(
        **kafka_options(settings),
        acks="all",
        linger_ms=20,
        retries=5,
        max_request_size=settings.max_record_bytes,
        client_id=f"{settings.app_id}-producer",
    )


def make_consumer(settings: Settings, *topics: str, group: str | None = None, timeout_ms: int = 10000) -> KafkaConsumer:
    return KafkaConsumer(
        *topics,
        **kafka_options(settings),
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=group is not None,
        consumer_timeout_ms=timeout_ms,
    )


def _partition_counts(admin: KafkaAdminClient, topics: list[str], wait_s: float = 15.0) -> dict[str, int]:
    """Each topic's partition count, once the brokers' metadata shows them.

    Just after create_topics the metadata may list a topic with no partitions yet (leaders not
    elected): asking again until every topic has some is what tells the caller the topic is usable.
    """
    deadline = time.monotonic() + wait_s
    while True:
        described = admin.describe_topics(topics)
        # kafka-python 3 names the field "name", 2.x "topic".
        counts = {t.get("name") or t["topic"]: len(t["partitions"]) for t in described}
        if all(counts.get(name) for name in topics) or time.monotonic() > deadline:
            return counts
        time.sleep(0.2)


def make_admin(settings: Settings, **extra: Any) -> KafkaAdminClient:
    return KafkaAdminClient(**kafka_options(settings), client_id=f"{settings.app_id}-admin", **extra)


def ensure_topics(settings: Settings) -> dict[str, int]:
    """Create the raw, enriched and dead-letter topics if absent; return each topic's partition count."""
    wanted = [settings.topic_raw, settings.topic_enriched, settings.topic_dlq]
    admin = make_admin(settings)
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=settings.topic_partitions,
                replication_factor=settings.topic_replication,
                # The topic must take what the worker may send (an enriched record is 3-6x its article).
                topic_configs={
                    "max.message.bytes": str(settings.max_record_bytes + 64 * 1024),
                    # acks=all means something only if more than one replica must have the record.
                    "min.insync.replicas": str(min(2, settings.topic_replication)),
                },
            )
            for name in wanted
            if name not in existing
        ]
        if missing:
            try:
                admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass  # another process created it between our list and create
        return _partition_counts(admin, wanted)
    finally:
        admin.close()
