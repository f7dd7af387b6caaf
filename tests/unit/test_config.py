from pathlib import Path

import pytest

from pipeline.config import SettingsError, load_settings


def test_defaults_use_embedded_stack():
    s = load_settings({})
    assert s.kafka_embedded and s.es_embedded
    assert s.kafka_servers == "127.0.0.1:19092" and s.elasticsearch_url == "http://127.0.0.1:19200"


def test_env_overrides_are_typed():
    s = load_settings({
        "NEWSWIRE_KAFKA_BOOTSTRAP": "broker:9092", "NEWSWIRE_ES_URL": "http://es:9200",
        "NEWSWIRE_TOPIC_PARTITIONS": "8", "NEWSWIRE_CACHE_DIR": "/tmp/x", "NEWSWIRE_INDEX_BATCH_SECONDS": "0.5",
    })  # fmt: skip
    assert not s.kafka_embedded and s.kafka_servers == "broker:9092"
    assert s.topic_partitions == 8 and s.cache_dir == Path("/tmp/x") and s.index_batch_seconds == 0.5


def test_bad_value_names_the_variable():
    with pytest.raises(ValueError, match="NEWSWIRE_TOPIC_PARTITIONS"):
        load_settings({"NEWSWIRE_TOPIC_PARTITIONS": "many"})


def test_to_environ_round_trips():
    s = load_settings(
        {"NEWSWIRE_KAFKA_BOOTSTRAP": "b:1", "NEWSWIRE_TOPIC_RAW": "x.raw", "NEWSWIRE_INDEX_BATCH_SECONDS": "2.5"}
    )
    assert load_settings(s.to_environ()) == s


def test_a_misspelt_variable_names_the_closest_setting():
    expected = "unknown setting NEWSWIRE_TOPIC_PARTITONS; did you mean NEWSWIRE_TOPIC_PARTITIONS"
    with pytest.raises(SettingsError, match=expected):
        load_settings({"NEWSWIRE_TOPIC_PARTITONS": "2"})


@pytest.mark.parametrize(
    "variable, value, says",
    [
        ("NEWSWIRE_LOG_LEVEL", "verbose", "must be one of critical, error, warning, info, debug"),
        ("NEWSWIRE_TOPIC_PARTITIONS", "two", "must be a whole number"),
        ("NEWSWIRE_WORKER_WEB_PORT", "601", "must be between 1024 and 65535"),
        ("NEWSWIRE_INDEX_BATCH_SECONDS", "soon", "must be a number"),
    ],
)
def test_bad_values_are_one_line_each(variable, value, says):
    with pytest.raises(SettingsError) as caught:
        load_settings({variable: value, "NEWSWIRE_TOPIC_REPLICATION": "0"})
    lines = str(caught.value).splitlines()
    assert f"{variable}={value!r}: {says}" in lines
    assert "NEWSWIRE_TOPIC_REPLICATION='0': must be between 1 and 100" in lines


def test_cli_exits_2_with_one_line_per_problem_and_no_traceback():
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "NEWSWIRE_LOG_LEVEL": "verbose", "NEWSWIRE_TOPC_RAW": "x"}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "config"], env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "newswire: unknown setting NEWSWIRE_TOPC_RAW; did you mean NEWSWIRE_TOPIC_RAW?",
        "newswire: NEWSWIRE_LOG_LEVEL='verbose': must be one of critical, error, warning, info, debug",
    ]


def test_config_masks_passwords_in_urls_and_keeps_hosts():
    s = load_settings({"NEWSWIRE_ES_URL": "https://elastic:hunter2@es1:9200,http://es2:9200"})
    assert s.elasticsearch_hosts == ["https://elastic:hunter2@es1:9200", "http://es2:9200"]
    shown = "\n".join(s.describe())
    assert "hunter2" not in shown and "NEWSWIRE_ES_URL=https://elastic:***@es1:9200,http://es2:9200" in shown


def test_an_empty_optional_setting_means_unset():
    s = load_settings({"NEWSWIRE_ES_URL": ""})
    assert s.es_url is None


def test_kafka_security_reaches_every_client_the_same_way(tmp_path):
    from pipeline.app.credentials import broker_credentials
    from pipeline.kafka_io import kafka_options

    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    s = load_settings({
        "NEWSWIRE_KAFKA_BOOTSTRAP": "k1:9093,k2:9093", "NEWSWIRE_KAFKA_SECURITY_PROTOCOL": "sasl_plaintext",
        "NEWSWIRE_KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "NEWSWIRE_KAFKA_SASL_USERNAME": "newswire",
        "NEWSWIRE_KAFKA_SASL_PASSWORD_FILE": str(secret),
    })  # fmt: skip
    assert kafka_options(s) == {
        "bootstrap_servers": "k1:9093,k2:9093", "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256", "sasl_plain_username": "newswire", "sasl_plain_password": "s3cret",
    }  # fmt: skip
    credentials = broker_credentials(s)
    assert type(credentials).__name__ == "SASLCredentials" and credentials.password == "s3cret"
    assert "s3cret" not in repr(s) and "NEWSWIRE_KAFKA_SASL_PASSWORD=***" in s.describe()
    assert broker_credentials(load_settings({})) is None


def test_elasticsearch_credentials_and_cloud_id():
    from pipeline.index.client import es_options

    s = load_settings({"NEWSWIRE_ES_URL": "https://es1:9200,https://es2:9200", "NEWSWIRE_ES_API_KEY": "abc",
                       "NEWSWIRE_ES_CA_CERTS": "/etc/ssl/es.pem"})  # fmt: skip
    assert es_options(s) == {"hosts": ["https://es1:9200", "https://es2:9200"], "api_key": "abc",
                             "ca_certs": "/etc/ssl/es.pem"}  # fmt: skip
    cloud = load_settings({"NEWSWIRE_ES_CLOUD_ID": "dep:abc", "NEWSWIRE_ES_USERNAME": "u", "NEWSWIRE_ES_PASSWORD": "p"})
    assert es_options(cloud) == {"cloud_id": "dep:abc", "basic_auth": ("u", "p")} and not cloud.es_embedded
    assert "NEWSWIRE_ES_API_KEY=***" in s.describe()


def test_an_unreadable_secret_file_is_a_one_line_error():
    with pytest.raises(SettingsError, match="NEWSWIRE_ES_PASSWORD_FILE='/nonexistent': cannot read the secret"):
        load_settings({"NEWSWIRE_ES_PASSWORD_FILE": "/nonexistent"})
