"""Run a single-node Elasticsearch on loopback, as an unprivileged user when started by root."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.errors import StackError
from pipeline.stack.java import ELASTICSEARCH_JAVA, find_jdk
from pipeline.stack.processes import port_open
from pipeline.stack.users import hand_over

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
    user = hand_over(settings, home, state)
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
