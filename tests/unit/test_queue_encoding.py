import base64
import json
from pathlib import Path

import pytest

from shared.adapters.queue import HOST_JSON, MAX_MESSAGE_BYTES, encode_message, message_encoding


def test_adapter_encoding_follows_host_json() -> None:
    configured = json.loads(HOST_JSON.read_text())["extensions"]["queues"]["messageEncoding"]
    assert message_encoding() == configured


@pytest.mark.parametrize("value", ["base64", "none"])
def test_reads_either_encoding(tmp_path: Path, value: str) -> None:
    host = tmp_path / "host.json"
    host.write_text(json.dumps({"version": "2.0", "extensions": {"queues": {"messageEncoding": value}}}))
    assert message_encoding(host) == value


def test_defaults_to_base64_like_the_host(tmp_path: Path) -> None:
    host = tmp_path / "host.json"
    host.write_text('{"version": "2.0"}')
    assert message_encoding(host) == "base64"


def test_rejects_unknown_encoding(tmp_path: Path) -> None:
    host = tmp_path / "host.json"
    host.write_text('{"extensions": {"queues": {"messageEncoding": "utf-16"}}}')
    with pytest.raises(ValueError, match="messageEncoding"):
        message_encoding(host)


def test_encodes_for_the_host() -> None:
    assert base64.b64decode(encode_message('{"a":1}', "base64")) == b'{"a":1}'
    assert encode_message('{"a":1}', "none") == '{"a":1}'


def test_refuses_messages_over_64_kib_after_encoding() -> None:
    # base64 grows 4/3: a 50 KiB payload is over the limit once encoded.
    with pytest.raises(ValueError, match="64 KiB"):
        encode_message(b"x" * 50 * 1024, "base64")
    assert len(encode_message(b"x" * (MAX_MESSAGE_BYTES - 10), "none")) == MAX_MESSAGE_BYTES - 10
