"""Logging set-up for every command: plain lines for a terminal, or one ECS JSON object per line for a log shipper."""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ECS_VERSION = "8.11.0"
# Context a call passes with extra={...}; where ECS has a field it is used, the rest goes under "newswire".
CONTEXT_FIELDS = {
    "article_id": "newswire.article_id",
    "stage": "newswire.stage",
    "topic": "newswire.kafka.topic",
    "partition": "newswire.kafka.partition",
    "offset": "newswire.kafka.offset",
    "reason": "error.type",
    "source": "newswire.source",
    "url": "url.full",
}
# Loggers that say little worth a line at info level.
QUIET_LOGGERS = {"kafka": "WARNING", "elastic_transport": "WARNING", "urllib3": "WARNING",
                 # Health polls during start-up fail by design until the node answers.
                 "elastic_transport.node_pool": "ERROR"}  # fmt: skip


def _put(document: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for name in parents:
        document = document.setdefault(name, {})
    document[leaf] = value


class EcsJsonFormatter(logging.Formatter):
    """One JSON object per record with Elastic Common Schema names, so Kibana reads worker logs without a mapping."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "@timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "log": {"level": record.levelname.lower(), "logger": record.name},
            "message": record.getMessage(),
            "ecs": {"version": ECS_VERSION},
            "service": {"name": "newswire"},
            "process": {"pid": record.process},
        }
        for attribute, dotted in CONTEXT_FIELDS.items():
            value = record.__dict__.get(attribute)
            if value is not None:
                _put(document, dotted, value)
        if record.exc_info:
            kind = record.exc_info[0]
            _put(document, "error.type", kind.__name__ if kind else "Exception")
            _put(document, "error.stack_trace", self.formatException(record.exc_info))
        return json.dumps(document, ensure_ascii=False, default=str)


def logging_config(level: str, form: str) -> dict[str, Any]:
    """A dictConfig for the whole process; the Faust worker gets the same one, so its records look like ours."""
    formatter: dict[str, Any] = {"()": EcsJsonFormatter} if form == "json" else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"newswire": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "newswire", "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {name: {"level": quiet} for name, quiet in QUIET_LOGGERS.items()},
    }


def configure(level: str, form: str) -> None:
    logging.config.dictConfig(logging_config(level, form))
