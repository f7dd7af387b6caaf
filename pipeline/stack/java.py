"""Find a JDK a server can run on: NEWSWIRE_JAVA_HOME, JAVA_HOME, the JDKs under /usr/lib/jvm, then `java` on PATH."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError

JVM_ROOT = Path("/usr/lib/jvm")
# Feature releases each server supports (Kafka 3.9: 11-23; Elasticsearch 8.x: 17-24).
KAFKA_JAVA = (11, 23)
ELASTICSEARCH_JAVA = (17, 24)
_RELEASE_VERSION = re.compile(r'^JAVA_VERSION="(?P<v>[^"]+)"', re.M)
_VERSION_OUTPUT = re.compile(r'version "(?P<v>[^"]+)"')


@dataclass(frozen=True)
class Jdk:
    home: Path
    feature: int  # 17 for 17.0.15, 8 for 1.8.0_392
    origin: str

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"


def feature_of(version: str) -> int:
    head = version.split(".")
    return int(head[1]) if head[0] == "1" and len(head) > 1 else int(re.match(r"\d+", version).group())  # type: ignore[union-attr]


def _version(home: Path) -> int | None:
    release = home / "release"
    try:
        if release.is_file():
            found = _RELEASE_VERSION.search(release.read_text())
            if found:
                return feature_of(found["v"])
        out = subprocess.run([str(home / "bin" / "java"), "-version"], capture_output=True, text=True, timeout=30)
        found = _VERSION_OUTPUT.search(out.stderr + out.stdout)
        return feature_of(found["v"]) if found else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def candidates(settings: Settings) -> list[tuple[Path, str]]:
    """Every place a JDK may be, in the order they are tried."""
    found: list[tuple[Path, str]] = []
    if settings.java_home:
        found.append((settings.java_home, "NEWSWIRE_JAVA_HOME"))
    if settings.system_java_home:
        found.append((settings.system_java_home, "JAVA_HOME"))
    if JVM_ROOT.is_dir():
        found += [(p, str(JVM_ROOT)) for p in sorted(JVM_ROOT.iterdir()) if p.is_dir() and not p.is_symlink()]
    on_path = shutil.which("java")
    if on_path:
        found.append((Path(on_path).resolve().parent.parent, "PATH"))
    return found


def find_jdk(settings: Settings, server: str, supported: tuple[int, int]) -> Jdk:
    """The first JDK whose feature release the server supports; NEWSWIRE_JAVA_HOME, when set, is the only one tried."""
    tried = []
    places = candidates(settings)
    if settings.java_home:
        places = places[:1]
    for home, origin in places:
        if not (home / "bin" / "java").is_file():
            tried.append(f"{home} ({origin}): no bin/java")
            continue
        feature = _version(home)
        if feature is not None and supported[0] <= feature <= supported[1]:
            return Jdk(home, feature, origin)
        tried.append(f"{home} ({origin}): Java {feature if feature else '?'}")
    raise StackError(
        f"{server} needs a JDK {supported[0]}–{supported[1]}; none found. Tried: {'; '.join(tried) or 'nothing'}. "
        "Install one (e.g. the Debian package openjdk-17-jdk-headless) or set NEWSWIRE_JAVA_HOME."
    )
