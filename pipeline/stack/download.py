"""Fetch the pinned Kafka jars and Elasticsearch zip with Maven, and accept only bytes whose sha256 the lock names."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pipeline.config import Settings
from pipeline.errors import StackError
from pipeline.stack.lock import (
    ES_COORDINATES,
    Artifact,
    artifact_from_repository_path,
    es_key,
    kafka_key,
    locked,
    sha256_of,
    write_lock,
)

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
VERIFIED = ".newswire-verified"  # beside an unpacked Elasticsearch: the sha256 of the zip it came from
# The Kafka POM leaves the logging binding to the distribution; its own tarball ships reload4j.
KAFKA_DEPENDENCIES = [("org.apache.kafka", "kafka_{scala}", "{version}"), ("org.slf4j", "slf4j-reload4j", "1.7.36")]
POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newswire.local</groupId><artifactId>stack-fetch</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>{dependencies}</dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.6.1</version>
    <configuration><artifactItems>{items}</artifactItems></configuration>
  </plugin></plugins></build>
</project>
"""
# What Maven prints when the registry refuses: kept for the error message, the rest of its log is noise.
REGISTRY_SAID = re.compile(
    r"(Could not (?:find|transfer|resolve)[^\n]*|Checksum validation failed[^\n]*|status code: \d+[^\n]*)"
)


def kafka_home(settings: Settings) -> Path:
    return settings.cache_dir / kafka_key(settings.kafka_scala, settings.kafka_version)


def es_home(settings: Settings) -> Path:
    return settings.cache_dir / es_key(settings.es_version)


def _item(artifact: Artifact) -> str:
    group, name, version, kind, classifier = artifact.parts
    fields = [("groupId", group), ("artifactId", name), ("version", version), ("type", kind)]
    if classifier:
        fields.append(("classifier", classifier))
    fields.append(("destFileName", artifact.file_name))
    return "<artifactItem>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields) + "</artifactItem>"


def _mvn(args: list[str], cwd: Path, settings: Settings, what: str, hint: str) -> None:
    if shutil.which("mvn") is None:
        raise StackError(f"fetching {what} needs Maven ('mvn') on PATH (or a filled cache in {settings.cache_dir})")
    repo = [f"-Dmaven.repo.local={settings.maven_repo_local}"] if settings.maven_repo_local else []
    # -C: a file whose checksum the registry does not match is refused by Maven before we even hash it.
    result = subprocess.run(["mvn", "-B", "-C", *repo, *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        said = sorted(set(REGISTRY_SAID.findall(result.stdout + result.stderr)))
        detail = "\n  ".join(said) if said else (result.stdout + result.stderr)[-1500:]
        raise StackError(f"Maven could not fetch {what}; the registry said:\n  {detail}\n{hint}")


def fetch_locked(settings: Settings, artifacts: list[Artifact], dest: Path, what: str) -> list[Path]:
    """Every pinned artifact into dest, each checked against its sha256; nothing unverified is left there."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newswire-fetch-") as work:
        pom = POM.format(dependencies="", items="".join(_item(a) for a in artifacts))
        (Path(work) / "pom.xml").write_text(pom)
        hint = (
            f"Pinned: {what}. Choose another version with NEWSWIRE_KAFKA_VERSION / NEWSWIRE_ES_VERSION "
            "after pinning it with `newswire stack lock --kafka-version X --es-version Y` (README: Local stack)."
        )
        _mvn([f"{DEPENDENCY_PLUGIN}:copy", f"-DoutputDirectory={work}/out", "-Dmdep.overWriteReleases=true"],
             Path(work), settings, what, hint)  # fmt: skip
        paths = []
        for artifact in artifacts:
            got = Path(work) / "out" / artifact.file_name
            if not got.is_file():
                raise StackError(f"{artifact.coordinates} ({what}) missing after Maven's fetch")
            actual = sha256_of(got)
            if actual != artifact.sha256:
                raise StackError(
                    f"{artifact.coordinates} ({what}) does not match the lock: sha256 {actual}, "
                    f"locked {artifact.sha256}. The file was not used. {hint}"
                )
            shutil.move(got, dest / artifact.file_name)
            paths.append(dest / artifact.file_name)
    return paths


def _verified(folder: Path, artifacts: list[Artifact]) -> bool:
    return all((folder / a.file_name).is_file() and sha256_of(folder / a.file_name) == a.sha256 for a in artifacts)


def ensure_kafka(settings: Settings) -> Path:
    """The folder holding Kafka's runtime jars in libs/, exactly the locked set, verified on every use."""
    key = kafka_key(settings.kafka_scala, settings.kafka_version)
    artifacts = locked(settings, key, f"Kafka {settings.kafka_version} (Scala {settings.kafka_scala})")
    home = kafka_home(settings)
    libs = home / "libs"
    if libs.is_dir() and _verified(libs, artifacts) and len(list(libs.glob("*.jar"))) == len(artifacts):
        return home
    shutil.rmtree(home, ignore_errors=True)
    fetch_locked(settings, artifacts, libs, key)
    return home


def _extract_zip(archive: Path, dest: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = dest / info.filename
            if not target.resolve().is_relative_to(dest.resolve()):
                raise StackError(f"unsafe path in {archive.name}: {info.filename}")
            zf.extract(info, dest)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                target.chmod(mode)


def ensure_elasticsearch(settings: Settings) -> Path:
    """The unpacked Elasticsearch home, from a zip whose sha256 is the locked one."""
    key = es_key(settings.es_version)
    (artifact,) = locked(settings, key, f"Elasticsearch {settings.es_version}")
    home = es_home(settings)
    marker = home / VERIFIED
    ready = marker.is_file() and marker.read_text().strip() == artifact.sha256
    if ready and (home / "bin" / "elasticsearch").is_file():
        return home
    downloads = settings.cache_dir / "downloads"
    archive = downloads / artifact.file_name
    if not (archive.is_file() and sha256_of(archive) == artifact.sha256):
        archive.unlink(missing_ok=True)
        fetch_locked(settings, [artifact], downloads, key)
    shutil.rmtree(home, ignore_errors=True)
    _extract_zip(archive, settings.cache_dir)
    if not (home / "bin" / "elasticsearch").is_file():
        raise StackError(f"unexpected layout in {archive.name}: no bin/elasticsearch")
    marker.write_text(artifact.sha256 + "\n")
    return home


def resolve_lock(settings: Settings, kafka_version: str, es_version: str, out: Path) -> dict[str, int]:
    """Resolve Kafka's runtime closure and the Elasticsearch zip with Maven (checksums enforced) and write the lock."""
    deps = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a.format(scala=settings.kafka_scala)}</artifactId>"
        f"<version>{v.format(version=kafka_version)}</version></dependency>"
        for g, a, v in KAFKA_DEPENDENCIES
    )
    es_artifact = Artifact(ES_COORDINATES.format(version=es_version), "")
    hint = "Pick a version the registry serves with its POM and checksums."
    with tempfile.TemporaryDirectory(prefix="newswire-lock-") as work:
        root = Path(work)
        (root / "pom.xml").write_text(POM.format(dependencies=deps, items=_item(es_artifact)))
        es_what = f"Elasticsearch {es_version}"
        _mvn([f"{DEPENDENCY_PLUGIN}:copy", f"-DoutputDirectory={root}/es"], root, settings, es_what, hint)
        _mvn([f"{DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime", f"-DoutputDirectory={root}/libs",
              "-Dmdep.useRepositoryLayout=true"], root, settings, f"Kafka {kafka_version}", hint)  # fmt: skip
        kafka = [artifact_from_repository_path(root / "libs", p) for p in sorted((root / "libs").rglob("*.jar"))]
        es = [Artifact(es_artifact.coordinates, sha256_of(root / "es" / es_artifact.file_name))]
    sets = {kafka_key(settings.kafka_scala, kafka_version): kafka, es_key(es_version): es}
    write_lock(out, sets)
    return {key: len(items) for key, items in sets.items()}
