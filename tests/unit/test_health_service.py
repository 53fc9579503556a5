import asyncio

from shared.services.health import check_components, describe_failure


async def test_reports_each_component_with_status_and_latency() -> None:
    async def fine() -> None:
        await asyncio.sleep(0.01)

    async def broken() -> None:
        raise ConnectionRefusedError("connection refused")

    async def hangs() -> None:
        await asyncio.sleep(10)

    results = await check_components({"a": fine, "b": broken, "c": hangs}, timeout=0.2)
    assert results["a"].status == "up"
    assert results["a"].latency_ms >= 10
    assert results["a"].error is None
    assert results["b"].status == "down"
    assert results["b"].error == "ConnectionRefusedError: connection refused"
    assert results["c"].status == "down"
    assert results["c"].error == "no answer within 0.2 s"
    assert results["c"].latency_ms < 2000


def test_failure_description_never_carries_credentials() -> None:
    leaky = ValueError("GET https://st.blob.core.windows.net/media?sv=2024&sig=abcdef failed")
    assert describe_failure(leaky) == "ValueError"
    conn = RuntimeError("bad DefaultEndpointsProtocol=https;AccountKey=xyz==")
    assert "xyz" not in describe_failure(conn)
    assert describe_failure(OSError("Connect call failed\nsecond line")) == "OSError: Connect call failed"
