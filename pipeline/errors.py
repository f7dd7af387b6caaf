"""The error taxonomy: poison records go to dead letters, transient failures are retried in place."""


class NewswireError(Exception):
    """Base of every error this package raises on purpose."""


class PoisonRecord(NewswireError):
    """A record that will never succeed as it is: route it to the dead-letter topic with this reason."""


class InvalidRecord(PoisonRecord):
    """A record that breaks its schema; `problems` has one line per field (missing, wrong type, invalid value)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Transient(NewswireError):
    """A failure of a dependency (broker, cluster) that a retry may cure: never dead-letter for it."""


class StackError(NewswireError):
    """The local stack could not be fetched, started or reached."""


class Declined(NewswireError):
    """An input the crawler will not use (a URL, a response, a feed); `reason` is the short code counted per source."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
