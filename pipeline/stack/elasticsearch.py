"""Run a single-node Elasticsearch on loopback, as an unprivileged user when started by root."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.errors import StackError
from pipeline.stack.java import ELASTICSEARCH_JAVA, find_jdk
from pipeline.stack.processes import port_open

CONFIG = """# written by newswire stack; single node, loopback only, no security (never expose this node)
cluster.name: newswire-local
node.name: newswire-1
network.host: 127.0.0.1
http.port: {http_port}
transport.port: {transport_port}
discovery.type: single-node
path.data: {data}
path.logs: {logs}
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: true
"""


def es_dir(settings: Settings) -> Path:
    return settings.state_dir / "elasticsearch"


def run_as_user(settings: Settings) -> str | None:
    """Elasticsearch refuses to run as root: create and use an unprivileged system user then."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(settings.stack_user)
    except KeyError:
        result = subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                settings.stack_user,
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            reason = result.stderr.strip()
            raise StackError(f"cannot create user {settings.stack_user!r} for Elasticsearch: {reason}") from None
    return settings.stack_user


def _chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def open_to_user(path: Path, ours: Path, user: str) -> None:
    """Let `user` reach `path`: folders from `ours` (which newswire made) down get read/traverse for others; a folder
    above `ours` is never changed, and one the user cannot traverse is an error that says what to do."""
    ours = ours.resolve()
    for parent in [path.resolve(), *path.resolve().parents]:
        if parent == ours or ours in parent.parents:
            parent.chmod(parent.stat().st_mode | 0o055)
        elif not parent.stat().st_mode & 0o001:
            raise StackError(
                f"{parent} is not traversable by the user {user!r} that runs the stack server, and newswire does not "
                f"change folders it did not create: choose NEWSWIRE_CACHE_DIR / NEWSWIRE_STATE_DIR elsewhere "
                f"(e.g. under /var/cache, /var/lib or /srv) or open {parent} yourself."
            )


def prepare(settings: Settings, home: Path) -> tuple[list[str], dict[str, str], str | None]:
    """Write config and folders; return the command line, environment and user to run it as."""
    state = es_dir(settings)
    conf, data, logs, tmp = state / "config", state / "data", state / "logs", state / "tmp"
    for folder in (data, logs, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    if not (conf / "jvm.options").is_file():
        shutil.copytree(home / "config", conf, dirs_exist_ok=True)
    (conf / "elasticsearch.yml").write_text(
        CONFIG.format(http_port=settings.es_port, transport_port=settings.es_transport_port, data=data, logs=logs)
    )
    user = run_as_user(settings)
    if user:
        _chown_tree(state, user)
        open_to_user(home, settings.cache_dir, user)
        open_to_user(state, settings.state_dir, user)
    for port in (settings.es_port, settings.es_transport_port):
        if port_open(port):
            raise StackError(f"Elasticsearch cannot start: port {port} on 127.0.0.1 is taken by another process")
    java_home = str(find_jdk(settings, f"Elasticsearch {settings.es_version}", ELASTICSEARCH_JAVA).home)
    env = {
        "PATH": settings.child_environment().get("PATH", "/usr/bin:/bin"),
        "ES_JAVA_HOME": java_home,
        "ES_PATH_CONF": str(conf),
        "ES_TMPDIR": str(tmp),
        "ES_JAVA_OPTS": f"-Xms{settings.es_heap} -Xmx{settings.es_heap}",
        "HOME": str(state),
    }
    argv = [str(home / "bin" / "elasticsearch"), "-p", str(state / "server.pid")]
    return argv, env, user


def _client(settings: Settings) -> Any:
    # The same configured client as the writers (hosts, credentials), with a short timeout for health checks.
    from pipeline.index.client import make_client

    return make_client(settings).options(request_timeout=5, max_retries=0)


def health(settings: Settings) -> str | None:
    """The cluster's status (green/yellow/red), or None when it does not answer."""
    try:
        return str(_client(settings).cluster.health()["status"])
    except Exception:
        return None


def version(settings: Settings) -> str | None:
    try:
        # The minimal distribution has no root endpoint; the local node's info carries the version.
        nodes = _client(settings).nodes.info(node_id="_local")["nodes"]
        return str(next(iter(nodes.values()))["version"])
    except Exception:
        return None


def listening(settings: Settings) -> bool:
    return port_open(settings.es_port)
