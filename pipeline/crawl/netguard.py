"""Which URLs and addresses the crawler may touch: http(s) only, public addresses unless a source allows others."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from pipeline.errors import Declined

ALLOWED_SCHEMES = {"http", "https"}


class Refused(Declined):
    """A URL the crawler will not fetch."""


def is_public(address: str) -> bool:
    """False for loopback, link-local, private, shared, multicast, reserved and unspecified addresses."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal_ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None


def check_url(url: str, allow_private: bool = False) -> str:
    """The URL if it may be fetched, else Refused (scheme, missing host, literal private address)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise Refused("bad_url", f"{url!r}: {exc}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise Refused("scheme", f"only http and https are fetched, not {parts.scheme or 'a relative URL'}: {url}")
    if not host:
        raise Refused("bad_url", f"no host in {url}")
    literal = _literal_ip(host)
    # Names are checked after resolution (GuardedResolver); literal addresses never reach the resolver.
    if literal is not None and not allow_private and not is_public(literal):
        raise Refused("private_address", f"{host} is not a public address (the source does not allow_private)")
    return url


class GuardedResolver(AbstractResolver):
    """Resolves names and drops every non-public address, so neither DNS nor a redirect reaches the inside."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        public = [entry for entry in found if is_public(entry["host"])]
        if not public:
            raise OSError(f"private_address: {host} resolves only to non-public addresses")
        return public

    async def close(self) -> None:
        await self._inner.close()
