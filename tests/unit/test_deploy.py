"""No container engine runs here: deploy/ is checked offline. Every file parses; every NEWSWIRE_* variable, command,
port and image version it names exists in this code or its lock."""

import re
from pathlib import Path

import pytest
import yaml

from pipeline.cli import build_parser
from pipeline.config import Settings, load_settings, variable
from pipeline.stack.lock import read_lock

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
KNOWN = {variable(f) for f in Settings.__dataclass_fields__.values()}
COMMANDS = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def _docs():
    for path in [DEPLOY / "compose.yaml", *sorted((DEPLOY / "k8s").glob("*.yaml"))]:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield path.name, doc


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def test_every_newswire_variable_named_in_deploy_is_a_setting():
    # deploy/kibana is also the package pipeline.kibana: an import may leave bytecode there, which is not deploy text.
    text = "\n".join(p.read_text() for p in DEPLOY.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    named = set(re.findall(r"NEWSWIRE_[A-Z_]+[A-Z]", text))
    assert named and named <= KNOWN, named - KNOWN


def test_the_values_deploy_sets_are_valid_settings():
    for _name, doc in _docs():
        for node in _walk(doc):
            env = node.get("environment") or node.get("data")
            if isinstance(env, dict) and any(str(k).startswith("NEWSWIRE_") for k in env):
                load_settings({str(k): str(v) for k, v in env.items() if str(k).startswith("NEWSWIRE_")})


def test_every_command_is_a_newswire_command():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["newswire"]' in dockerfile and 'CMD ["worker"]' in dockerfile
    for name, doc in _docs():
        for node in _walk(doc):
            for key in ("command", "args"):
                argv = node.get(key)
                if isinstance(argv, list) and node.get("image", "newswire").startswith("newswire"):
                    assert argv[0] in COMMANDS, (name, argv)


def test_images_match_the_pinned_stack_and_the_package():
    lock = read_lock(load_settings({}))
    kafka_version = next(k for k in lock if k.startswith("kafka_")).split("-")[1]
    es_version = next(k for k in lock if k.startswith("elasticsearch-")).split("-")[1]
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert compose["kafka"]["image"].endswith(f":{kafka_version}")
    assert compose["elasticsearch"]["image"].endswith(f":{es_version}")
    assert compose["kibana"]["image"].endswith(f":{es_version}")  # Kibana must match Elasticsearch
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)[1]
    for name, doc in _docs():
        for node in _walk(doc):
            image = node.get("image")
            if isinstance(image, str) and image.startswith("newswire"):
                assert image == f"newswire:{version}", (name, image)


def test_worker_manifests_probe_the_port_they_configure_and_stay_within_partitions():
    docs = dict((d["kind"], d) for n, d in _docs() if n == "worker.yaml")
    config = next(d for n, d in _docs() if n == "config.yaml" and d["kind"] == "ConfigMap")["data"]
    settings = load_settings(config)
    pod = docs["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["ports"][0]["containerPort"] == settings.worker_web_port
    assert settings.worker_web_host == "0.0.0.0"  # probes come from outside the pod
    assert docs["Deployment"]["spec"]["replicas"] <= settings.topic_partitions
    assert container["resources"]["limits"]
    # The probes ask the worker's own pages (pipeline/app/worker.py serves them on its web port).
    worker_source = (ROOT / "pipeline" / "app" / "worker.py").read_text()
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/livez")):
        assert container[probe]["httpGet"] == {"path": path, "port": "web"}
        assert f'@app.page("{path}")' in worker_source
    annotations = docs["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert (
        int(annotations["prometheus.io/port"]) == settings.worker_web_port and '@app.page("/metrics")' in worker_source
    )
    assert "6066/readyz" in " ".join(
        yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["worker"]["healthcheck"]["test"]
    )
    assert docs["PodDisruptionBudget"]["spec"]["selector"] == docs["Deployment"]["spec"]["selector"]
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["worker"]
    assert compose["deploy"]["replicas"] <= int(compose["environment"]["NEWSWIRE_TOPIC_PARTITIONS"])


def test_the_crawler_is_one_replica_with_a_state_volume_and_a_valid_sources_file(tmp_path):
    from pipeline.crawl.sources import load_sources

    docs = {d["kind"]: d for n, d in _docs() if n == "crawler.yaml"}
    assert docs["StatefulSet"]["spec"]["replicas"] == 1
    assert docs["StatefulSet"]["spec"]["volumeClaimTemplates"]
    sources = tmp_path / "sources.toml"
    sources.write_text(docs["ConfigMap"]["data"]["sources.toml"])
    assert load_sources(sources)


@pytest.mark.parametrize("path", ["compose.yaml", "k8s/config.yaml", "k8s/worker.yaml", "k8s/crawler.yaml"])
def test_files_parse(path):
    assert list(yaml.safe_load_all((DEPLOY / path).read_text()))


def test_the_image_build_copies_every_folder_the_wheel_is_built_from():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    copied = set(re.findall(r"^COPY (\S+) ", (DEPLOY / "Dockerfile").read_text(), re.M))
    assert {"pipeline", *config["package-dir"].values()} <= copied


def test_the_kibana_objects_are_for_the_pinned_kibana():
    from pipeline.ops.kibana import KIBANA_VERSION

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert compose["kibana"]["image"].endswith(f":{KIBANA_VERSION}")
    assert load_settings({}).es_version == KIBANA_VERSION
