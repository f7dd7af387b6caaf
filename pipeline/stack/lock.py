"""The stack lock: Maven coordinates and sha256 of every Kafka jar and of the Elasticsearch zip, per version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError

LOCK_RESOURCE = "stack.lock.json"
ES_COORDINATES = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"


@dataclass(frozen=True)
class Artifact:
    """One pinned file: `group:artifact:version:type[:classifier]` and the sha256 its bytes must have."""

    coordinates: str
    sha256: str

    @property
    def parts(self) -> tuple[str, str, str, str, str]:
        group, artifact, version, kind, *rest = self.coordinates.split(":")
        return group, artifact, version, kind, rest[0] if rest else ""

    @property
    def file_name(self) -> str:
        _, artifact, version, kind, classifier = self.parts
        return f"{artifact}-{version}{'-' + classifier if classifier else ''}.{kind}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def kafka_key(scala: str, version: str) -> str:
    return f"kafka_{scala}-{version}"


def es_key(version: str) -> str:
    return f"elasticsearch-{version}"


def lock_path(settings: Settings) -> Path:
    """NEWSWIRE_STACK_LOCK when set, else the lock shipped in this package."""
    if settings.stack_lock is not None:
        return settings.stack_lock
    return Path(str(resources.files("pipeline.stack").joinpath(LOCK_RESOURCE)))


def read_lock(settings: Settings) -> dict[str, list[Artifact]]:
    path = lock_path(settings)
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise StackError(f"cannot read the stack lock {path}: {exc}") from exc
    return {key: [Artifact(**item) for item in items] for key, items in raw["sets"].items()}


def locked(settings: Settings, key: str, what: str) -> list[Artifact]:
    """The pinned files of one set, or an error that says which versions are pinned and how to pin another."""
    sets = read_lock(settings)
    if key in sets:
        return sets[key]
    pinned = ", ".join(sorted(sets)) or "none"
    raise StackError(
        f"{what} is not in the stack lock {lock_path(settings)} (pinned: {pinned}). Use a pinned version "
        f"(NEWSWIRE_KAFKA_VERSION / NEWSWIRE_ES_VERSION), or pin this one first with "
        f"`newswire stack lock --kafka-version X --es-version Y` (it resolves with Maven and records every sha256)."
    )


def write_lock(path: Path, sets: dict[str, list[Artifact]]) -> None:
    ordered = {k: sorted(items, key=lambda a: a.coordinates) for k, items in sorted(sets.items())}
    body = {
        "about": "Pinned stack downloads: `newswire stack lock` writes it; `stack up` checks every file against it.",
        "sets": {k: [asdict(a) for a in items] for k, items in ordered.items()},
    }
    path.write_text(json.dumps(body, indent=1) + "\n")


def artifact_from_repository_path(root: Path, path: Path) -> Artifact:
    """Coordinates read back from a Maven repository layout path (group/…/artifact/version/file)."""
    rel = path.relative_to(root).parts
    group, artifact, version, name = ".".join(rel[:-3]), rel[-3], rel[-2], rel[-1]
    stem, _, kind = name.rpartition(".")
    classifier = stem[len(f"{artifact}-{version}") + 1 :]
    coordinates = f"{group}:{artifact}:{version}:{kind}" + (f":{classifier}" if classifier else "")
    return Artifact(coordinates, sha256_of(path))
