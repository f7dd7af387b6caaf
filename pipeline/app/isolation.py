"""Run enrichment in a child process with a time limit, so CPU-bound extraction never stalls the event loop."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from pipeline.errors import InvalidRecord, PoisonRecord

log = logging.getLogger("newswire.worker")
STARTUP_SECONDS = 300.0
WARM_UP = (
    "Le ministre a déclaré lundi que la France soutiendrait l'accord.",
    "The minister said on Monday that London would back the deal.",
    "Der Minister sagte am Montag, Berlin werde das Abkommen unterstützen.",
    "El ministro afirmó el lunes que Madrid apoyará el acuerdo.",
    "Министр заявил в понедельник, что Москва поддержит соглашение.",
    "Міністр заявив у понеділок, що Київ підтримає угоду.",
)  # loading every language's data once; generous on a loaded machine


class ExtractionTimeout(PoisonRecord):
    """An article whose extraction ran past the limit: dead-lettered, and the child process replaced."""


class RecordFailed(PoisonRecord):
    """An exception the child raised on one record, carried back as its type name and message."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type


def _serve(conn: Connection, target: str) -> None:
    """The child's loop: one request in, one outcome out; models load once, before the first article."""
    module, _, name = target.partition(":")
    enrich_payload = getattr(importlib.import_module(module), name)

    # Warm up before saying ready: every language's data loads here, not inside some article's time limit.
    for text in WARM_UP:
        enrich_payload(json.dumps({"text": text}).encode(), "warm-up", None)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        payload, topic, timestamp, passthrough = request
        try:
            article_id, value = enrich_payload(payload, topic, timestamp, passthrough)
            conn.send(("ok", article_id, value))
        except InvalidRecord as exc:
            conn.send(("invalid", exc.problems, None))
        except Exception as exc:  # every failure is the record's: it becomes a dead letter in the parent
            conn.send(("poison", type(exc).__name__, str(exc)))


async def _readable(conn: Connection, timeout: float) -> bool:
    """Wait until the child answered, on the event loop itself (no thread per record), or the time limit passed."""
    if conn.poll(0):
        return True
    loop = asyncio.get_running_loop()
    answered: asyncio.Future[bool] = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not answered.done():
            answered.set_result(True)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(answered, timeout)
        return True
    except TimeoutError:
        return False
    finally:
        loop.remove_reader(fd)


class IsolatedEnricher:
    """One child process doing `enrich_payload`; awaited with a time limit, killed and restarted past it."""

    def __init__(
        self, timeout: float, target: str = "pipeline.app.steps:enrich_payload", passthrough: bool = False
    ) -> None:
        self.timeout = timeout
        self.passthrough = passthrough
        self.target = target  # module:function, imported in the child (tests put a slow one here)
        self._context = multiprocessing.get_context("spawn")  # no fork of a running event loop and its sockets
        self._process: Any = None
        self._conn: Connection | None = None

    async def _start(self) -> Connection:
        parent, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_serve, args=(child, self.target), name="newswire-enrich", daemon=True
        )
        self._process.start()
        child.close()
        self._conn = parent
        ready = await asyncio.get_running_loop().run_in_executor(None, parent.poll, STARTUP_SECONDS)
        if not ready or parent.recv() != "ready":
            self._kill()
            raise RuntimeError(f"the extraction process did not start within {STARTUP_SECONDS:g} s")
        log.info("extraction process %s ready", self._process.pid)
        return parent

    async def _restart(self) -> Connection:
        """Start the child, retrying with backoff: a process that cannot start is no record's fault."""
        delay = 1.0
        while True:
            try:
                return await self._start()
            except (RuntimeError, OSError, EOFError) as exc:
                log.error("extraction process failed to start (%s); retrying in %.0f s", exc, delay)
                self._kill()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)

    async def start(self) -> None:
        if self._process is None or not self._process.is_alive():
            await self._restart()

    def _kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    async def enrich(self, payload: bytes | None, topic: str, timestamp: float | None) -> tuple[str, bytes]:
        """(article id, enriched bytes), or PoisonRecord / InvalidRecord / ExtractionTimeout for this record."""
        alive = self._conn is not None and self._process is not None and self._process.is_alive()
        conn = self._conn if alive and self._conn is not None else await self._restart()
        try:
            conn.send((payload, topic, timestamp, self.passthrough))
            ready = await _readable(conn, self.timeout)
            outcome = conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._kill()  # the child died on this record (e.g. out of memory): the record is the suspect
            raise PoisonRecord(f"extraction process died on this record: {type(exc).__name__}") from None
        if outcome is None:
            self._kill()
            raise ExtractionTimeout(
                f"timeout: extraction took longer than {self.timeout:g} s; the process was replaced"
            )
        kind, first, second = outcome
        if kind == "ok":
            return first, second
        if kind == "invalid":
            raise InvalidRecord(first)
        raise RecordFailed(first, second)

    def close(self) -> None:
        self._kill()
