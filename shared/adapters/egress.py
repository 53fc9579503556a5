"""The egress guard: outbound HTTP to hosts that people name reaches the public internet and nothing else.

A Mastodon server, a Bluesky hosting provider (and the PDS its DID document names), a webhook
receiver: each is an address someone typed, and without a guard our servers would call whatever it
points to: the cloud metadata service (169.254.169.254), Azure's wireserver (168.63.129.16), the
database on the private network, localhost. Every call to such a host goes through `EgressGuard`:

1. The name is resolved once (the event loop's `getaddrinfo`; the numeric forms the OS accepts,
   `2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1`, are read without it) and every address it gives
   is classified (`is_forbidden`): loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, cloud
   metadata, multicast, unspecified, reserved and documentation ranges, and IPv6 forms that embed a
   forbidden IPv4 address (mapped, compatible, 6to4, Teredo, NAT64). One forbidden address refuses
   the name. Single-label and special-use names (localhost, .local, .internal, .home.arpa) are
   refused without resolving. Only http and https are spoken.
2. The connection is opened to an address that was checked, never to the name: the network backend
   under httpx does the resolving (`_GuardedBackend.connect_tcp`), so a resolver answering a public
   address to the check and a private one moments later (DNS rebinding) gains nothing. TLS still
   verifies the certificate for the name (httpcore takes SNI and the certificate check from the
   URL, not from the socket), and connections are pooled per name.
3. Redirects are not followed by the clients built here, and each hop would be checked anyway: the
   check lives where connections are opened, not where URLs are read.

Development and the test suite run their fakes on 127.0.0.1: `EGRESS_ALLOW_HOSTS` names the exact
`host:port` pairs that may be reached although they are local. The setting is refused outside
development and test (`shared/config.py`), so production has no way around the guard.

Use it: `container.egress_http` (an `httpx.AsyncClient`) for every call to a user-named host, and
`await container.egress.check_url(url)` to refuse an address when it is saved. A refusal is
`HostNotAllowed` (code `host_not_allowed`, HTTP 422 at the API); connectors turn it into a
`PermanentError` with the same code (`shared/platforms/http.py`).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpcore
import httpx

from shared.domain.errors import InvalidInput

if TYPE_CHECKING:
    from shared.config import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port → the addresses the name stands for (IP literals as text), like getaddrinfo.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

HOST_NOT_ALLOWED = "host_not_allowed"
SCHEMES = frozenset({"http", "https"})
# A name that takes longer than this to resolve is treated as unreachable.
RESOLVE_TIMEOUT_SECONDS = 5.0

# Ranges that are never the public internet, spelled out rather than trusting `is_global` alone
# (its tables differ between Python releases: 3.11.7 calls 192.0.0.192, Oracle Cloud's metadata
# address, global).
_FORBIDDEN_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",  # "this network", 0.0.0.0
        "10.0.0.0/8",
        "100.64.0.0/10",  # CGNAT (Alibaba Cloud's metadata is 100.100.100.200)
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, with the metadata service at 169.254.169.254
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments (Oracle Cloud's metadata is 192.0.0.192)
        "192.0.2.0/24",
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, with 255.255.255.255
        "168.63.129.16/32",  # Azure's wireserver (DHCP, DNS, health probes, VM agent)
        "::/128",
        "::1/128",
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001:db8::/32",
        "fc00::/7",  # unique local, with AWS's metadata at fd00:ec2::254
        "fe80::/10",
        "fec0::/10",  # site-local (deprecated, still routed inside some networks)
        "ff00::/8",  # multicast
    )
)
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")
# What inet_aton reads besides dotted quads: 2130706433, 0x7f000001, 0177.0.0.1, 127.1.
_NUMERIC_HOST = re.compile(r"[0-9][0-9a-fA-FxX.]*")


class HostNotAllowed(InvalidInput):
    """An address that points to a private or reserved network, or is not http(s).

    The message names the host as the person typed it and nothing about what it resolved to.
    """

    code = HOST_NOT_ALLOWED

    def __init__(self, host: str, message: str | None = None) -> None:
        super().__init__(
            message or f"{host or 'That address'} points to a private or reserved address; use a public one."
        )
        self.host = host


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries: mapped, compatible, NAT64, 6to4 or Teredo (client)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _IPV4_COMPATIBLE or address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_forbidden(address: IPAddress) -> bool:
    """True for anything but a public unicast address (see the module docstring for the list)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return True  # a zone index only means something on one of our own links
        embedded = _embedded_ipv4(address)
        if embedded is not None and is_forbidden(embedded):
            return True
        if address.ipv4_mapped is not None or address in _IPV4_COMPATIBLE:
            return True  # a real resolver never answers these; reach IPv4 hosts by their own address
    return (
        any(address in network for network in _FORBIDDEN_NETWORKS if network.version == address.version)
        or not address.is_global
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def literal_address(host: str) -> IPAddress | None:
    """The address `host` spells out, in any form the OS resolver reads, or None for a name.

    Pure (no DNS): `ipaddress` for the standard forms (IPv6 with or without brackets), then
    `inet_aton` for the historical IPv4 ones (decimal, hex, octal, fewer than four parts).
    """
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    text = text.removesuffix(".")  # a fully qualified spelling of the same thing
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


def is_local_name(host: str) -> bool:
    """Names that are never on the internet, refused without asking a resolver: one label (found
    through the resolver's search domains, i.e. inside our network), and the special-use domains
    localhost (RFC 6761), .local (mDNS, RFC 6762), .home.arpa (RFC 8375) and .internal (reserved for
    private use; GCP's metadata.google.internal)."""
    name = host.strip().lower().removesuffix(".")
    return "." not in name or name == "localhost" or name.endswith(_LOCAL_SUFFIXES)


def allow_key(host: str, port: int) -> str:
    """How an `EGRESS_ALLOW_HOSTS` entry and a destination are compared: lower case, no trailing dot,
    IPv6 literals in brackets. Only the same spelling matches: `127.1` is not `127.0.0.1`."""
    name = host.strip().lower().removeprefix("[").removesuffix("]").removesuffix(".")
    return f"[{name}]:{port}" if ":" in name else f"{name}:{port}"


def parse_allow_entry(entry: str) -> str:
    """`host:port` (IPv6 as `[::1]:8080`) in the form `allow_key` gives, or ValueError."""
    parts = urlsplit(f"//{entry.strip()}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"{entry!r} has no valid port") from exc
    if not parts.hostname or port is None or parts.username or parts.path or parts.query:
        raise ValueError(f"{entry!r} is not host:port")
    return allow_key(parts.hostname, port)


async def system_resolve(host: str, port: int) -> list[str]:
    """Every address the OS resolver gives for `host`, as getaddrinfo reports them."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


class EgressGuard:
    """The policy: which destinations outbound calls to user-named hosts may reach.

    `allow`: `host:port` pairs let through although local (development fakes only; the setting is
    refused elsewhere). `resolver`: how names become addresses (the OS by default; tests pass their
    own to make a name resolve anywhere without DNS). `backend`: the httpcore network backend that
    opens the checked connections (the real network by default).
    """

    def __init__(
        self,
        allow: Iterable[str] = (),
        *,
        resolver: Resolver | None = None,
        backend: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow = frozenset(parse_allow_entry(entry) for entry in allow)
        self._resolver = resolver or system_resolve
        self._backend = backend or httpcore.AnyIOBackend()

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> EgressGuard:
        return cls(settings.egress_allow_hosts, **kwargs)

    def allows(self, host: str, port: int) -> bool:
        """Whether `host:port` is on the development allow list (checked before anything else)."""
        return allow_key(host, port) in self.allow

    async def addresses(self, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host:port`, every one of them checked.

        Raises HostNotAllowed when any is forbidden, OSError when the name does not resolve.
        """
        if not host:
            raise HostNotAllowed(host, "Give an address with a host name.")
        allowed = self.allows(host, port)
        literal = literal_address(host)
        if literal is not None:
            if not allowed and is_forbidden(literal):
                raise HostNotAllowed(host)
            return [str(literal)]
        if not allowed and is_local_name(host):
            raise HostNotAllowed(host)
        async with asyncio.timeout(RESOLVE_TIMEOUT_SECONDS):
            answers = list(await self._resolver(host, port))
        if not answers:
            raise socket.gaierror(socket.EAI_NONAME, "the name has no addresses")
        found: list[str] = []
        for answer in answers:
            address = ipaddress.ip_address(answer)
            if not allowed and is_forbidden(address):
                raise HostNotAllowed(host)
            if str(address) not in found:
                found.append(str(address))
        return found

    async def check_url(self, url: str, *, unresolved_ok: bool = True) -> None:
        """Refuse a URL before it is saved: http(s) only, and no forbidden address behind its host.

        A name that does not resolve (yet) passes when `unresolved_ok`: it is checked again on
        every connection, so saving it opens nothing.
        """
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise HostNotAllowed("", "That is not a valid URL.") from exc
        if parts.scheme.lower() not in SCHEMES:
            raise HostNotAllowed(parts.hostname or "", "Only http:// and https:// addresses can be reached.")
        default_port = 443 if parts.scheme.lower() == "https" else 80
        await self.check_host(parts.hostname or "", port or default_port, unresolved_ok=unresolved_ok)

    async def check_host(self, host: str, port: int, *, unresolved_ok: bool = True) -> None:
        """`check_url` for a host and port: HostNotAllowed when it points anywhere forbidden."""
        try:
            await self.addresses(host, port)
        except (OSError, TimeoutError):
            if not unresolved_ok:
                raise

    def transport(self, **kwargs: Any) -> EgressTransport:
        return EgressTransport(self, **kwargs)

    def client(self, **kwargs: Any) -> EgressClient:
        """An `httpx.AsyncClient` whose every connection passes the guard: no redirects followed, no
        proxies from the environment (a proxy would resolve names itself). `limits` go to the pool."""
        limits = kwargs.pop("limits", httpx.Limits(max_connections=100, max_keepalive_connections=20))
        return EgressClient(self, transport=self.transport(limits=limits), **kwargs)


class EgressClient(httpx.AsyncClient):
    """An httpx client whose connections pass `guard`; `guard` is there to check an address early
    (before saving it, or before a first call) with the same policy."""

    def __init__(self, guard: EgressGuard, *, transport: EgressTransport, **kwargs: Any) -> None:
        super().__init__(transport=transport, follow_redirects=False, trust_env=False, **kwargs)
        self.guard = guard


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Opens a TCP connection only to an address the guard checked, for the name httpcore asks for."""

    def __init__(self, guard: EgressGuard, inner: httpcore.AsyncNetworkBackend) -> None:
        self._guard = guard
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            addresses = await self._guard.addresses(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"{host} does not resolve") from exc
        failure: Exception = httpcore.ConnectError(f"{host} is not reachable")
        for address in addresses:  # in the resolver's order (RFC 6724 from getaddrinfo)
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise httpcore.ConnectTimeout(f"{host} did not accept a connection in time")
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=remaining,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise HostNotAllowed("", "Local sockets cannot be reached.")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class EgressTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport with its connection pool opening connections through `_GuardedBackend`.

    httpx 0.28 has no parameter for a network backend, so the pool it built is replaced by an
    identical one that has it (httpcore's public `network_backend`); httpx is pinned, and the
    rebinding tests fail loudly if this ever stops applying.
    """

    def __init__(
        self,
        guard: EgressGuard,
        *,
        verify: bool | str = True,
        limits: httpx.Limits = httpx.Limits(max_connections=100, max_keepalive_connections=20),  # noqa: B008
    ) -> None:
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        assert isinstance(self._pool, httpcore.AsyncConnectionPool)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(guard, guard._backend),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.scheme not in SCHEMES:
            raise HostNotAllowed(request.url.host, "Only http:// and https:// addresses can be reached.")
        return await super().handle_async_request(request)
