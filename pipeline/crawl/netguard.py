"""Which URLs and addresses the crawler may touch: http(s) only, public addresses unless a source allows others."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver
from yarl import URL

from pipeline.errors import Declined

ALLOWED_SCHEMES = {"http", "https"}


class Refused(Declined):
    """A URL the crawler will not fetch."""


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: the packet may end up at that IPv4 address.
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address leads to: mapped, compatible (::a.b.c.d), NAT64, 6to4, Teredo."""
    found = []
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # deprecated IPv4-compatible form; ::1 and :: are themselves
        found.append(low)
    if any(ip in network for network in NAT64):
        found.append(low)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    return found


def is_public(address: str) -> bool:
    """False for loopback, link-local, site-local, private, shared, multicast, reserved and unspecified addresses,
    and for IPv6 addresses that embed such an IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(v4.is_global and not v4.is_multicast for v4 in embedded)
    return ip.is_global and not ip.is_multicast


def client_host(url: str) -> str:
    """The host exactly as the HTTP client (aiohttp, through yarl) will connect to it.

    yarl applies IDNA/UTS 46 mapping: full-width and enclosed digits and ideographic full stops become ASCII
    (`127。0。0。1`, `①②⑦.0.0.1` are 127.0.0.1), so the guard must judge that form, not the one urlsplit sees.
    """
    host = URL(url).raw_host
    if not host:
        raise ValueError("no host")
    return host.rstrip(".").lower()


def _literal_ip(host: str) -> str | None:
    """The address a host denotes by itself, including the legacy IPv4 forms inet_aton takes (2130706433, 0x7f.1)."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
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
    try:
        host = client_host(url)
    except (ValueError, UnicodeError) as exc:
        raise Refused("bad_url", f"{url!r}: {exc}") from exc
    literal = _literal_ip(host)
    # Names are checked after resolution (GuardedResolver); literal addresses never reach the resolver.
    if literal is not None and not allow_private and not is_public(literal):
        raise Refused("private_address", f"{host} is not a public address (the source does not allow_private)")
    return url


def check_peer(peer: object, url: str) -> None:
    """After connecting: the address actually reached must be public too (literal hosts never meet the resolver)."""
    if isinstance(peer, tuple) and peer and isinstance(peer[0], str) and not is_public(peer[0]):
        raise Refused("private_address", f"{url} connected to {peer[0]}, not a public address")


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
