from pathlib import Path

import pytest

from pipeline.config import load_settings


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
