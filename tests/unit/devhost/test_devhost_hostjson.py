import json
from datetime import timedelta
from pathlib import Path

import pytest

from tools.devhost.hostjson import HostJsonError, HostOptions, QueueOptions, load_host_json, parse_host_json


def test_defaults_when_host_json_is_absent(tmp_path: Path) -> None:
    assert load_host_json(tmp_path / "host.json") == HostOptions()


def test_host_defaults() -> None:
    options = parse_host_json({"version": "2.0"})
    assert options.route_prefix == "api"
    assert options.function_timeout is None
    assert options.queues == QueueOptions(
        max_polling_interval=timedelta(minutes=1),
        visibility_timeout=timedelta(0),
        batch_size=16,
        new_batch_threshold=8,
        max_dequeue_count=5,
        message_encoding="base64",
    )


def test_reads_the_project_shape(tmp_path: Path) -> None:
    document = {
        "version": "2.0",
        "functionTimeout": "00:10:00",
        "extensions": {
            "http": {"routePrefix": ""},
            "queues": {
                "maxPollingInterval": "00:00:02",
                "visibilityTimeout": "00:00:10",
                "batchSize": 4,
                "maxDequeueCount": 3,
                "messageEncoding": "none",
            },
        },
    }
    path = tmp_path / "host.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    options = load_host_json(path)
    assert options.route_prefix == ""
    assert options.function_timeout == timedelta(minutes=10)
    assert options.queues == QueueOptions(
        max_polling_interval=timedelta(seconds=2),
        visibility_timeout=timedelta(seconds=10),
        batch_size=4,
        new_batch_threshold=2,  # follows batchSize when not set
        max_dequeue_count=3,
        message_encoding="none",
    )


def test_keys_are_case_insensitive_like_dotnet_configuration() -> None:
    options = parse_host_json(
        {"Version": "2.0", "Extensions": {"Queues": {"BatchSize": 2, "MessageEncoding": "Base64"}}}
    )
    assert options.queues.batch_size == 2
    assert options.queues.message_encoding == "base64"


def test_max_polling_interval_in_milliseconds() -> None:
    options = parse_host_json({"version": "2.0", "extensions": {"queues": {"maxPollingInterval": 2000}}})
    assert options.queues.max_polling_interval == timedelta(seconds=2)


@pytest.mark.parametrize("value", ["-1", None])
def test_function_timeout_can_be_unbounded(value: str | None) -> None:
    assert parse_host_json({"version": "2.0", "functionTimeout": value}).function_timeout is None


def test_route_prefix_slashes_are_trimmed() -> None:
    options = parse_host_json({"version": "2.0", "extensions": {"http": {"routePrefix": "/v1/"}}})
    assert options.route_prefix == "v1"


def queues(**values: object) -> dict[str, object]:
    return {"version": "2.0", "extensions": {"queues": values}}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({}, "'version' must be \"2.0\""),
        ({"version": "1.0"}, "'version' must be \"2.0\""),
        ([], "host.json must be a JSON object"),
        ({"version": "2.0", "extensions": []}, "extensions must be a JSON object"),
        (queues(batchSize=0), "batchSize must be between 1 and 32"),
        (queues(batchSize=33), "batchSize must be between 1 and 32"),
        (queues(batchSize="16"), "batchSize must be an integer"),
        (queues(batchSize=True), "batchSize must be an integer"),
        (queues(maxDequeueCount=0), "maxDequeueCount must be at least 1"),
        (queues(newBatchThreshold=-1), "newBatchThreshold must be at least 0"),
        (queues(maxPollingInterval="00:00:00.05"), "maxPollingInterval must be at least 100 ms"),
        (queues(maxPollingInterval=50), "maxPollingInterval must be at least 100 ms"),
        (queues(maxPollingInterval="soon"), "maxPollingInterval: 'soon' is not a TimeSpan"),
        (queues(visibilityTimeout=30), "visibilityTimeout must be a TimeSpan string"),
        (queues(visibilityTimeout="-00:00:01"), "visibilityTimeout must not be negative"),
        (queues(messageEncoding="utf8"), 'messageEncoding must be "base64" or "none"'),
        ({"version": "2.0", "functionTimeout": "00:00:00"}, "functionTimeout must be positive"),
        ({"version": "2.0", "functionTimeout": 300}, "functionTimeout must be a TimeSpan string"),
        ({"version": "2.0", "extensions": {"http": {"routePrefix": 5}}}, "routePrefix must be a string"),
    ],
)
def test_rejects_invalid_values(document: object, message: str) -> None:
    with pytest.raises(HostJsonError, match=message):
        parse_host_json(document)


def test_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(HostJsonError, match=r"host\.json: cannot read host\.json"):
        load_host_json(path)
    path.write_text(json.dumps(queues(batchSize=64)), encoding="utf-8")
    with pytest.raises(HostJsonError, match=f"{path}: extensions.queues.batchSize"):
        load_host_json(path)
