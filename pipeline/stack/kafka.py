"""Run a single-node KRaft Kafka broker from the cached jars."""

from __future__ import annotations

import base64
import subprocess
import uuid
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError
from pipeline.stack.java import KAFKA_JAVA, find_jdk
from pipeline.stack.processes import port_open
from pipeline.stack.users import hand_over

SERVER_PROPERTIES = """# written by newswire stack; single node, loopback only
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller_port}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs={data}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
message.max.bytes=10485760
log.retention.hours=168
"""
LOG4J = """log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
"""


def kafka_dir(settings: Settings) -> Path:
    return settings.state_dir / "kafka"


def _java(settings: Settings) -> str:
    return str(find_jdk(settings, f"Kafka {settings.kafka_version}", KAFKA_JAVA).java)


def _java_argv(settings: Settings, home: Path, main: str, *args: str) -> list[str]:
    config = kafka_dir(settings)
    return [
        _java(settings),
        "-Xms256m",
        f"-Xmx{settings.kafka_heap}",
        "-XX:+UseG1GC",
        f"-Dlog4j.configuration=file:{config / 'log4j.properties'}",
        f"-Dkafka.logs.dir={config / 'logs'}",
        "-cp",
        str(home / "libs" / "*"),
        main,
        *args,
    ]


def prepare(settings: Settings, home: Path) -> tuple[list[str], str | None]:
    """Write the config, format storage once; return the broker's command line and the user to run it as."""
    config = kafka_dir(settings)
    data = config / "data"
    config.mkdir(parents=True, exist_ok=True)
    props = config / "server.properties"
    props.write_text(
        SERVER_PROPERTIES.format(port=settings.kafka_port, controller_port=settings.kafka_controller_port, data=data)
    )
    (config / "log4j.properties").write_text(LOG4J)
    if not (data / "meta.properties").is_file():
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        argv = _java_argv(settings, home, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props))
        result = subprocess.run(argv, capture_output=True, text=True, env=settings.child_environment())
        if result.returncode != 0:
            raise StackError(f"Kafka storage format failed:\n{(result.stdout + result.stderr)[-2000:]}")
    for port in (settings.kafka_port, settings.kafka_controller_port):
        if port_open(port):
            raise StackError(f"Kafka cannot start: port {port} on 127.0.0.1 is taken by another process")
    (config / "logs").mkdir(exist_ok=True)
    user = hand_over(settings, home, config)  # root starts it, an unprivileged user runs it
    return _java_argv(settings, home, "kafka.Kafka", str(props)), user


def healthy(settings: Settings) -> bool:
    """The broker answers a metadata request."""
    host, _, port = settings.kafka_servers.split(",")[0].rpartition(":")
    if settings.kafka_embedded and not port_open(int(port), host or "127.0.0.1"):
        return False
    try:
        from pipeline.kafka_io import make_admin

        admin = make_admin(settings, request_timeout_ms=5000)
        try:
            admin.list_topics()
        finally:
            admin.close()
        return True
    except Exception:
        return False
