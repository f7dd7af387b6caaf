import json
import os
import stat
from pathlib import Path

import pytest

from pipeline.config import load_settings
from pipeline.errors import StackError
from pipeline.stack import download
from pipeline.stack.java import KAFKA_JAVA, feature_of, find_jdk
from pipeline.stack.lock import Artifact, artifact_from_repository_path, es_key, kafka_key, locked, read_lock


def test_shipped_lock_pins_every_default_version_with_sha256():
    settings = load_settings({})
    sets = read_lock(settings)
    kafka = sets[kafka_key(settings.kafka_scala, settings.kafka_version)]
    assert any(a.coordinates.startswith("org.apache.kafka:kafka_2.13:") for a in kafka)
    assert any("slf4j-reload4j" in a.coordinates for a in kafka)
    (es,) = sets[es_key(settings.es_version)]
    assert es.file_name == f"elasticsearch-{settings.es_version}.zip"
    for artifact in [*kafka, es]:
        assert len(artifact.sha256) == 64 and int(artifact.sha256, 16) >= 0


def test_a_version_outside_the_lock_says_how_to_pin_it():
    settings = load_settings({"NEWSWIRE_ES_VERSION": "8.19.3"})
    with pytest.raises(StackError, match=r"not in the stack lock.*pinned: .*elasticsearch-8\.19\.21.*stack lock"):
        locked(settings, es_key("8.19.3"), "Elasticsearch 8.19.3")


def test_coordinates_read_back_from_a_repository_path(tmp_path):
    jar = tmp_path / "org/apache/kafka/kafka-clients/3.9.1/kafka-clients-3.9.1-test.jar"
    jar.parent.mkdir(parents=True)
    jar.write_bytes(b"x")
    artifact = artifact_from_repository_path(tmp_path, jar)
    assert artifact.coordinates == "org.apache.kafka:kafka-clients:3.9.1:jar:test"
    assert artifact.file_name == jar.name


def _fake_mvn(folder: Path, payload: bytes) -> None:
    """A stand-in for Maven that 'downloads' the given bytes for every artifact item of the POM it is run on."""
    script = folder / "mvn"
    script.write_text(
        "#!/usr/bin/env python3\n"
        "import re, sys, pathlib\n"
        "out = next(a.split('=', 1)[1] for a in sys.argv if a.startswith('-DoutputDirectory='))\n"
        "pathlib.Path(out).mkdir(parents=True, exist_ok=True)\n"
        "for name in re.findall(r'<destFileName>([^<]+)<', open('pom.xml').read()):\n"
        f"    pathlib.Path(out, name).write_bytes({payload!r})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_a_download_that_does_not_match_the_lock_is_refused_and_not_kept(tmp_path, monkeypatch):
    _fake_mvn(tmp_path, b"tampered")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    lock = tmp_path / "lock.json"
    artifact = Artifact("org.example:thing:1.0:jar", "0" * 64)
    lock.write_text(json.dumps({"sets": {"kafka_2.13-1.0": [artifact.__dict__]}}))
    settings = load_settings({"NEWSWIRE_STACK_LOCK": str(lock), "NEWSWIRE_CACHE_DIR": str(tmp_path / "cache"),
                              "NEWSWIRE_KAFKA_VERSION": "1.0"})  # fmt: skip
    with pytest.raises(StackError, match=r"org\.example:thing:1\.0:jar .*does not match the lock"):
        download.ensure_kafka(settings)
    assert not list((tmp_path / "cache").rglob("*.jar"))


def test_a_download_that_matches_the_lock_is_used(tmp_path, monkeypatch):
    import hashlib

    _fake_mvn(tmp_path, b"good bytes")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    lock = tmp_path / "lock.json"
    artifact = Artifact("org.example:thing:1.0:jar", hashlib.sha256(b"good bytes").hexdigest())
    lock.write_text(json.dumps({"sets": {"kafka_2.13-1.0": [artifact.__dict__]}}))
    settings = load_settings({"NEWSWIRE_STACK_LOCK": str(lock), "NEWSWIRE_CACHE_DIR": str(tmp_path / "cache"),
                              "NEWSWIRE_KAFKA_VERSION": "1.0"})  # fmt: skip
    home = download.ensure_kafka(settings)
    assert (home / "libs" / "thing-1.0.jar").read_bytes() == b"good bytes"
    (tmp_path / "mvn").unlink()  # verified on every use; no fetch the second time
    assert download.ensure_kafka(settings) == home


def _fake_jdk(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").write_text("#!/bin/sh\n")
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return home


def test_feature_release_of_old_and_new_version_strings():
    assert feature_of("1.8.0_392") == 8 and feature_of("17.0.15") == 17 and feature_of("25") == 25


def test_jdk_from_java_home_when_supported_and_skipped_when_not(tmp_path):
    new = _fake_jdk(tmp_path, "jdk-25", "25.0.1")
    ok = _fake_jdk(tmp_path, "jdk-17", "17.0.2")
    settings = load_settings({"JAVA_HOME": str(new)})
    found = find_jdk(settings, "Kafka", KAFKA_JAVA)
    assert found.home != new and 11 <= found.feature <= 23  # JAVA_HOME's 25 is skipped for the next candidate
    assert find_jdk(load_settings({"JAVA_HOME": str(ok)}), "Kafka", KAFKA_JAVA).home == ok


def test_an_explicit_unsupported_jdk_is_an_error_that_names_it(tmp_path):
    new = _fake_jdk(tmp_path, "jdk-25", "25.0.1")
    with pytest.raises(StackError, match=r"Kafka needs a JDK 11–23.*jdk-25 \(NEWSWIRE_JAVA_HOME\): Java 25"):
        find_jdk(load_settings({"NEWSWIRE_JAVA_HOME": str(new)}), "Kafka", KAFKA_JAVA)


def test_a_reused_pid_is_never_taken_for_ours(tmp_path):
    from pipeline.stack.processes import read_pid, start_time

    me = os.getpid()
    pid_file = tmp_path / "x.pid"
    pid_file.write_text(f"{me} {start_time(me)}")
    assert read_pid(pid_file) == me
    pid_file.write_text(f"{me} 1")  # same pid, another start time: another process
    assert read_pid(pid_file) is None
    pid_file.write_text(str(me))  # no start time recorded: cannot be proven ours
    assert read_pid(pid_file) is None


def test_folders_newswire_did_not_create_are_never_widened():
    import shutil
    import tempfile


    root = Path(tempfile.mkdtemp(prefix="newswire-perm-", dir="/tmp"))  # pytest's own folders are private
    root.chmod(0o755)
    try:
        _check_widening(root)
    finally:
        shutil.rmtree(root)


def _check_widening(root):
    from pipeline.stack.users import open_to_user

    outside = root / "private"
    ours = outside / "cache"
    home = ours / "elasticsearch-x"
    home.mkdir(parents=True)
    outside.chmod(0o700)
    with pytest.raises(StackError, match="not traversable by the user 'newswire'.*does not change folders"):
        open_to_user(home, ours, "newswire")
    assert outside.stat().st_mode & 0o777 == 0o700
    outside.chmod(0o711)
    open_to_user(home, ours, "newswire")
    assert outside.stat().st_mode & 0o777 == 0o711 and home.stat().st_mode & 0o055 == 0o055
