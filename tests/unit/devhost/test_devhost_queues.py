import pytest

from tools.devhost.queues import (
    QueueBindingError,
    decode_body,
    encode_body,
    next_poll_delay,
    resolve_connection,
    resolve_queue_name,
)


def empty_polls(count: int, maximum: float) -> list[float]:
    delays, delay = [], None
    for _ in range(count):
        delay = next_poll_delay(delay, found=False, maximum=maximum)
        delays.append(delay)
    return delays


def test_backoff_doubles_from_100ms_up_to_the_maximum() -> None:
    assert empty_polls(7, maximum=2.0) == [0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0]


def test_backoff_resets_when_messages_are_found() -> None:
    assert next_poll_delay(1.6, found=True, maximum=60.0) == 0.1
    assert next_poll_delay(0.1, found=False, maximum=60.0) == 0.2


def test_backoff_never_exceeds_a_small_maximum() -> None:
    assert empty_polls(3, maximum=0.15) == [0.1, 0.15, 0.15]


def test_base64_bodies_decode_to_bytes() -> None:
    assert decode_body("aGVsbG8=", "base64") == b"hello"
    assert decode_body("aGVs\r\nbG8=", "base64") == b"hello"  # .NET ignores whitespace too
    assert decode_body("", "base64") == b""
    assert encode_body(b"hello", "base64") == "aGVsbG8="


@pytest.mark.parametrize("text", ["hello world", "aGVsbG8", "aGVs*bG8="])
def test_invalid_base64_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not valid base64"):
        decode_body(text, "base64")


def test_no_encoding_passes_text_through() -> None:
    assert decode_body("héllo", "none") == "héllo".encode()
    assert encode_body("héllo".encode(), "none") == "héllo"


def test_queue_names_are_resolved_and_lowercased() -> None:
    assert resolve_queue_name("%PUBLISH_QUEUE%", {"PUBLISH_QUEUE": "Publish-Jobs"}) == "publish-jobs"


@pytest.mark.parametrize("name", ["ab", "a--b", "-abc", "abc-", "under_score", "x" * 64])
def test_invalid_queue_names_are_refused(name: str) -> None:
    with pytest.raises(QueueBindingError, match="is invalid"):
        resolve_queue_name(name, {})


def test_connection_defaults_to_azure_web_jobs_storage() -> None:
    environ = {"AzureWebJobsStorage": "UseDevelopmentStorage=true"}
    assert resolve_connection("", environ) == "UseDevelopmentStorage=true"
    assert resolve_connection("AzureWebJobsStorage", environ) == "UseDevelopmentStorage=true"


def test_connection_falls_back_to_the_azure_web_jobs_prefix() -> None:
    assert resolve_connection("Media", {"AzureWebJobsMedia": "conn"}) == "conn"
    assert resolve_connection("Media", {"Media": "direct", "AzureWebJobsMedia": "prefixed"}) == "direct"


def test_missing_connection_is_named() -> None:
    with pytest.raises(QueueBindingError, match="'Storage' does not exist"):
        resolve_connection("Storage", {"Storage": ""})
    with pytest.raises(QueueBindingError, match="identity-based connections are not supported"):
        resolve_connection("Storage", {"Storage__queueServiceUri": "https://x.queue.core.windows.net"})
