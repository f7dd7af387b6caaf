"""Fetch Kafka's jars and Elasticsearch's zip from Maven Central with Maven, checksum-verified, into the cache."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError

DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1"
# The Kafka POM leaves the logging binding to the distribution; its own tarball ships reload4j.
KAFKA_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newswire.local</groupId><artifactId>kafka-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_{scala}</artifactId><version>{version}</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
"""
MANIFEST = "newswire-manifest.json"


def _mvn(args: list[str], cwd: Path, what: str) -> None:
    if shutil.which("mvn") is None:
        raise StackError(f"fetching {what} needs Maven ('mvn') on PATH")
    # -C: fail on a checksum mismatch instead of warning.
    result = subprocess.run(["mvn", "-B", "-q", "-C", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise StackError(f"Maven could not fetch {what}:\n{tail}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_manifest(folder: Path, files: list[Path]) -> None:
    sums = {str(f.relative_to(folder)): _sha256(f) for f in sorted(files)}
    (folder / MANIFEST).write_text(json.dumps(sums, indent=1))


def verify_manifest(folder: Path) -> bool:
    """True when every file recorded at fetch time is present with the same sha256."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return False
    sums: dict[str, str] = json.loads(manifest.read_text())
    return bool(sums) and all((folder / name).is_file() and _sha256(folder / name) == s for name, s in sums.items())


def kafka_home(settings: Settings) -> Path:
    return settings.cache_dir / f"kafka_{settings.kafka_scala}-{settings.kafka_version}"


def es_home(settings: Settings) -> Path:
    return settings.cache_dir / f"elasticsearch-{settings.es_version}"


def ensure_kafka(settings: Settings) -> Path:
    """The folder holding Kafka's runtime jars in libs/, fetched once and verified on every use."""
    home = kafka_home(settings)
    if verify_manifest(home):
        return home
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    (home / "pom.xml").write_text(KAFKA_POM.format(scala=settings.kafka_scala, version=settings.kafka_version))
    _mvn([f"{DEPENDENCY_PLUGIN}:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=libs"], home, "Kafka")
    jars = list((home / "libs").glob("*.jar"))
    if not any(j.name.startswith(f"kafka_{settings.kafka_scala}-") for j in jars):
        raise StackError(f"Kafka jars missing after fetch in {home / 'libs'}")
    _write_manifest(home, jars)
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
    """The unpacked Elasticsearch home, fetched once and verified on every use."""
    home = es_home(settings)
    if verify_manifest(home):
        return home
    downloads = settings.cache_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    artifact = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{settings.es_version}:zip"
    _mvn(
        [f"{DEPENDENCY_PLUGIN}:copy", f"-Dartifact={artifact}", f"-DoutputDirectory={downloads}"],
        downloads,
        "Elasticsearch",
    )
    archive = downloads / f"elasticsearch-{settings.es_version}.zip"
    if not archive.is_file():
        raise StackError(f"Elasticsearch zip missing after fetch: {archive}")
    shutil.rmtree(home, ignore_errors=True)
    _extract_zip(archive, settings.cache_dir)
    if not (home / "bin" / "elasticsearch").is_file():
        raise StackError(f"unexpected layout in {archive.name}: no bin/elasticsearch")
    _write_manifest(home, [p for p in (home / "lib").rglob("*.jar")] + [home / "bin" / "elasticsearch"])
    return home
