"""The egress guard's verdicts: which addresses and names a call to a user-named host may reach.

No DNS here: numeric hosts are read without a resolver (as the OS reads them), and names resolve
through a resolver the test gives the guard.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping, Sequence

import pytest
from pydantic import ValidationError

from shared.adapters.egress import (
    HOST_NOT_ALLOWED,
    EgressGuard,
    HostNotAllowed,
    is_forbidden,
    literal_address,
    parse_allow_entry,
)
from shared.config import Settings
from tests.unit.test_config import PRODUCTION

PUBLIC = "93.184.215.14"


class Resolver:
    """A DNS of the test's own: name → answers; anything else does not exist. Counts its lookups."""

    def __init__(self, answers: Mapping[str, Sequence[str]]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        name = host.lower().removesuffix(".")  # DNS names are case-insensitive, the root is implied
        if name not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.answers[name])


def guard(answers: Mapping[str, Sequence[str]] | None = None, allow: Sequence[str] = ()) -> EgressGuard:
    return EgressGuard(allow, resolver=Resolver(answers or {}))


# --- addresses in every spelling ---------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        # loopback, and the numeric spellings the OS resolver reads as 127.0.0.1
        "127.0.0.1",
        "127.0.0.1.",
        "2130706433",  # decimal
        "0x7f000001",  # hex
        "0X7F000001",
        "0177.0.0.1",  # octal
        "0177.0000.0000.0001",
        "127.1",  # short form
        "0x7f.1",
        "127.0.1",
        "[::1]",
        "::1",
        "[::ffff:127.0.0.1]",  # IPv4-mapped
        "::ffff:7f00:1",
        "[::127.0.0.1]",  # IPv4-compatible
        "::7f00:1",
        # private networks
        "10.0.0.5",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "fc00::1",
        "fd12:3456::1",
        # link-local and cloud metadata
        "169.254.169.254",
        "0xa9fea9fe",  # 169.254.169.254 in hex
        "2852039166",  # and in decimal
        "[fd00:ec2::254]",  # AWS over IPv6
        "168.63.129.16",  # Azure wireserver
        "192.0.0.192",  # Oracle Cloud
        "100.100.100.200",  # Alibaba Cloud (CGNAT)
        "fe80::1",
        "fe80::1%eth0",
        # CGNAT, multicast, unspecified, broadcast, reserved, documentation
        "100.64.0.1",
        "100.127.255.254",
        "224.0.0.1",
        "239.255.255.250",
        "ff02::1",
        "ff0e::1",
        "0.0.0.0",
        "0",
        "::",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.10",
        "198.51.100.7",
        "203.0.113.9",
        "198.18.0.1",
        "2001:db8::1",
        "fec0::1",
        # IPv6 that carries a forbidden IPv4 address
        "[::ffff:169.254.169.254]",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of 169.254.169.254
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b::10.0.0.1",
        "64:ff9b:1::8.8.8.8",  # local-use NAT64
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
    ],
)
async def test_forbidden_addresses_are_refused_in_any_spelling(host: str) -> None:
    resolver = Resolver({})
    with pytest.raises(HostNotAllowed) as refused:
        await EgressGuard(resolver=resolver).addresses(host, 443)
    assert refused.value.code == HOST_NOT_ALLOWED
    assert resolver.asked == []  # numbers are read, never looked up


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("8.8.8.8", "8.8.8.8"),
        ("134744072", "8.8.8.8"),  # decimal spellings of public addresses are just addresses
        ("0x08080808", "8.8.8.8"),
        ("1.1", "1.0.0.1"),
        ("[2606:4700:4700::1111]", "2606:4700:4700::1111"),
        ("2002:808:808::1", "2002:808:808::1"),  # 6to4 of 8.8.8.8
    ],
)
async def test_public_addresses_pass_as_the_address_they_spell(host: str, address: str) -> None:
    assert await guard().addresses(host, 443) == [address]


@pytest.mark.parametrize(
    ("spelled", "meant"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("169.254.169.254.", "169.254.169.254"),
    ],
)
def test_literal_addresses_are_read_like_the_os_reads_them(spelled: str, meant: str) -> None:
    assert literal_address(spelled) == ipaddress.ip_address(meant)


@pytest.mark.parametrize("name", ["mastodon.social", "1e100.net", "0xdead.beef.example", "cafe.example"])
def test_names_are_not_mistaken_for_numbers(name: str) -> None:
    assert literal_address(name) is None


def test_metadata_and_wireserver_are_forbidden_even_if_python_calls_them_global() -> None:
    for address in ("168.63.129.16", "192.0.0.192", "224.0.0.251"):
        assert is_forbidden(ipaddress.ip_address(address))
    assert not is_forbidden(ipaddress.ip_address(PUBLIC))


# --- names -------------------------------------------------------------------------------------


async def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    resolver = Resolver({"evil.example": ["10.0.0.5"]})
    with pytest.raises(HostNotAllowed) as refused:
        await EgressGuard(resolver=resolver).addresses("evil.example", 443)
    assert resolver.asked == [("evil.example", 443)]
    # The person learns the host they typed is refused, not what it resolved to.
    assert "evil.example" in refused.value.message
    assert "10.0.0.5" not in refused.value.message
    assert "private or reserved" in refused.value.message


async def test_one_forbidden_answer_among_public_ones_refuses_the_name() -> None:
    with pytest.raises(HostNotAllowed):
        await guard({"split.example": [PUBLIC, "169.254.169.254"]}).addresses("split.example", 443)
    with pytest.raises(HostNotAllowed):
        await guard({"v6.example": [PUBLIC, "::ffff:127.0.0.1"]}).addresses("v6.example", 443)


async def test_a_public_name_gives_the_checked_addresses_in_order() -> None:
    answers = {"ok.example": ["2606:4700::6810:84e5", PUBLIC, PUBLIC]}
    assert await guard(answers).addresses("ok.example", 443) == ["2606:4700::6810:84e5", PUBLIC]


@pytest.mark.parametrize(
    "name",
    [
        "localhost",
        "LOCALHOST.",
        "api.localhost",
        "printer.local",
        "metadata.google.internal",
        "nas.home.arpa",
    ],
)
async def test_local_and_single_label_names_are_refused_without_resolving(name: str) -> None:
    resolver = Resolver({name: [PUBLIC]})
    with pytest.raises(HostNotAllowed):
        await EgressGuard(resolver=resolver).addresses(name, 443)
    with pytest.raises(HostNotAllowed):
        await EgressGuard(resolver=resolver).addresses("intranet", 443)  # found via search domains
    assert resolver.asked == []


async def test_a_name_that_does_not_resolve_is_an_os_error() -> None:
    with pytest.raises(OSError):  # noqa: PT011 - the resolver's own error, as getaddrinfo raises it
        await guard().addresses("nowhere.example", 443)
    with pytest.raises(OSError):  # noqa: PT011
        await guard({"empty.example": []}).addresses("empty.example", 443)


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/",
        "http://0x7f000001:8080/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]:8080/",
        "http://[::1]/",
        "https://evil.example/",
        "ftp://public.example/file",
        "file:///etc/passwd",
        "gopher://public.example:70/",
        "//public.example/",
    ],
)
async def test_urls_are_refused_for_their_scheme_or_where_they_point(url: str) -> None:
    answers = {"evil.example": ["10.0.0.5"], "public.example": [PUBLIC]}
    with pytest.raises(HostNotAllowed) as refused:
        await guard(answers).check_url(url)
    assert refused.value.code == HOST_NOT_ALLOWED


async def test_a_url_whose_name_does_not_resolve_yet_may_be_saved() -> None:
    await guard().check_url("https://hooks.not-yet.example/x")  # checked again when it connects
    with pytest.raises(OSError):  # noqa: PT011
        await guard().check_url("https://hooks.not-yet.example/x", unresolved_ok=False)


async def test_a_public_url_passes() -> None:
    await guard({"hooks.example": [PUBLIC]}).check_url("https://hooks.example:8443/in?x=1")


# --- the development allow list ----------------------------------------------------------------


async def test_the_allow_list_lets_exactly_its_host_and_port_through() -> None:
    allowed = guard({"fake.test": ["127.0.0.1"]}, allow=["127.0.0.1:8080", "fake.test:9000", "[::1]:7000"])
    assert await allowed.addresses("127.0.0.1", 8080) == ["127.0.0.1"]
    assert await allowed.addresses("FAKE.test.", 9000) == ["127.0.0.1"]
    assert await allowed.addresses("::1", 7000) == ["::1"]
    for host, port in [
        ("127.0.0.1", 8081),  # another port
        ("127.1", 8080),  # another spelling of the same address
        ("2130706433", 8080),
        ("::ffff:127.0.0.1", 8080),
        ("localhost", 8080),
        ("fake.test", 9001),
        ("::1", 8080),
    ]:
        with pytest.raises(HostNotAllowed):
            await allowed.addresses(host, port)


@pytest.mark.parametrize("entry", ["127.0.0.1", "host:port", "a:1/path", "user@h:1", ":80", ""])
def test_allow_entries_must_be_host_and_port(entry: str) -> None:
    with pytest.raises(ValueError, match=r"host:port|port"):
        parse_allow_entry(entry)


def test_the_setting_is_normalised_and_read_from_either_spelling() -> None:
    settings = Settings(EGRESS_ALLOW_HOSTS="127.0.0.1:80, LOCALHOST.:9000,[::1]:8080")
    assert settings.egress_allow_hosts == ["127.0.0.1:80", "localhost:9000", "[::1]:8080"]
    as_json = Settings(EGRESS_ALLOW_HOSTS='["127.0.0.1:1"]')
    assert as_json.egress_allow_hosts == ["127.0.0.1:1"]
    assert Settings().egress_allow_hosts == []
    with pytest.raises(ValidationError, match="EGRESS_ALLOW_HOSTS"):
        Settings(EGRESS_ALLOW_HOSTS="127.0.0.1")


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGRESS_ALLOW_HOSTS", "127.0.0.1:7081,[::1]:7082")
    assert Settings().egress_allow_hosts == ["127.0.0.1:7081", "[::1]:7082"]


def test_production_refuses_an_allow_list() -> None:
    with pytest.raises(ValidationError, match="EGRESS_ALLOW_HOSTS"):
        Settings(**{**PRODUCTION, "EGRESS_ALLOW_HOSTS": "127.0.0.1:80"})  # type: ignore[arg-type]
    assert Settings(**PRODUCTION).egress_allow_hosts == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/workspaces/{ws}/accounts/connect/{platform}",
        "/api/v1/workspaces/{ws}/accounts/{account_id}/reconnect",
        "/api/v1/workspaces/{ws}/webhooks",
    ],
)
def test_the_routes_that_take_a_server_address_document_the_refusal(path: str) -> None:
    from functions.api import create_api

    responses = create_api().openapi()["paths"][path]["post"]["responses"]
    assert "host_not_allowed" in responses["422"]["description"]
