"""Stand-ins for enrich_payload, run in the isolated extraction process by test_isolation.py."""

import os
import time


def enrich_payload(payload, topic, timestamp, passthrough=False):
    if payload == b"slow":
        time.sleep(60)
    if payload == b"die":
        os._exit(3)
    if payload == b"bad":
        raise ValueError("no good")
    return "id", b"enriched:" + (payload or b"")
