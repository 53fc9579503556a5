"""The Cosmos emulator's certificate: clients trust it as their CA bundle, so its shape matters."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tools.emulators.manage import cert_needs_renewal, ensure_cert, generate_cert

NOW = dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "state" / "cosmos-cert.pem", tmp_path / "state" / "cosmos-key.pem"


def load(cert_path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert_path.read_bytes())


def test_generated_cert_names_localhost_and_loopback(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path)

    cert = load(cert_path)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    common_names = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    assert [attr.value for attr in common_names] == ["localhost"]
    assert cert.issuer == cert.subject


def test_generated_cert_is_its_own_ca(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path)

    constraints = load(cert_path).extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical
    assert constraints.value.ca
    # The same file must load as a CA bundle, which is how the SDKs are handed it.
    context = ssl.create_default_context(cafile=str(cert_path))
    assert len(context.get_ca_certs()) == 1


def test_generated_cert_is_valid_now_for_about_a_year(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    before = dt.datetime.now(dt.UTC)
    generate_cert(cert_path, key_path)

    cert = load(cert_path)
    assert cert.not_valid_before_utc <= before
    assert cert.not_valid_after_utc - before >= dt.timedelta(days=364)
    assert not cert_needs_renewal(cert_path, key_path)


def test_key_matches_cert_and_is_private(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path)

    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    assert key.public_key().public_bytes(der, spki) == load(cert_path).public_key().public_bytes(der, spki)
    assert key_path.stat().st_mode & 0o077 == 0


def test_missing_pair_is_created(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    assert ensure_cert(cert_path, key_path)
    assert cert_path.is_file()
    assert key_path.is_file()


def test_fresh_pair_is_kept(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path, now=NOW)
    original = cert_path.read_bytes()

    assert not ensure_cert(cert_path, key_path, now=NOW + dt.timedelta(days=300))
    assert cert_path.read_bytes() == original


def test_pair_near_expiry_is_regenerated(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path, now=NOW)
    original = load(cert_path)
    later = original.not_valid_after_utc - dt.timedelta(days=6)

    assert ensure_cert(cert_path, key_path, now=later)

    renewed = load(cert_path)
    assert renewed.serial_number != original.serial_number
    assert renewed.not_valid_after_utc - later >= dt.timedelta(days=364)
    assert not cert_needs_renewal(cert_path, key_path, now=later)


def test_expired_pair_is_regenerated(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path, now=NOW, valid_for=dt.timedelta(days=1))

    assert cert_needs_renewal(cert_path, key_path, now=NOW + dt.timedelta(days=2))


def test_mismatched_key_is_regenerated(pair: tuple[Path, Path], tmp_path: Path) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path)
    other_cert, other_key = tmp_path / "other-cert.pem", tmp_path / "other-key.pem"
    generate_cert(other_cert, other_key)
    key_path.write_bytes(other_key.read_bytes())

    assert cert_needs_renewal(cert_path, key_path)


def test_corrupt_cert_is_regenerated(pair: tuple[Path, Path]) -> None:
    cert_path, key_path = pair
    generate_cert(cert_path, key_path)
    cert_path.write_text("not a certificate")

    assert ensure_cert(cert_path, key_path)
    assert load(cert_path).extensions.get_extension_for_class(x509.BasicConstraints).value.ca
