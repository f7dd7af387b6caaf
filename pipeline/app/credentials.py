"""Faust's and aiokafka's forms of the Kafka security settings the kafka-python clients get (kafka_io.kafka_options)."""

from __future__ import annotations

from typing import Any

from pipeline.config import Settings


def _path(value: Any) -> str | None:
    return str(value) if value is not None else None


def _ssl_context(settings: Settings) -> Any:
    from aiokafka.helpers import create_ssl_context

    return create_ssl_context(cafile=_path(settings.kafka_ssl_cafile), certfile=_path(settings.kafka_ssl_certfile),
                              keyfile=_path(settings.kafka_ssl_keyfile))  # fmt: skip


def broker_credentials(settings: Settings) -> Any:
    """Faust's (aiokafka's) form of the same Kafka security settings the kafka-python clients get."""
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    from faust.auth import SASLCredentials, SSLCredentials

    context = _ssl_context(settings) if protocol.endswith("SSL") else None
    if protocol.startswith("SASL"):
        return SASLCredentials(username=settings.kafka_sasl_username, password=settings.kafka_sasl_password,
                               mechanism=settings.kafka_sasl_mechanism, ssl_context=context)  # fmt: skip
    return SSLCredentials(context)


def aiokafka_security(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of aiokafka clients (the worker's readiness probe) for the same settings."""
    protocol = settings.kafka_security_protocol
    options: dict[str, Any] = {"security_protocol": protocol}
    if protocol.endswith("SSL"):
        options["ssl_context"] = _ssl_context(settings)
    if protocol.startswith("SASL"):
        options.update(sasl_mechanism=settings.kafka_sasl_mechanism, sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=settings.kafka_sasl_password)  # fmt: skip
    return options
