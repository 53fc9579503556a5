"""Google's resumable upload protocol (YouTube videos.insert), with its exactly-once reasoning.

The session URI is created by a POST of the metadata; the bytes follow in PUT chunks. Nothing exists
until the last byte arrives, so every chunk but the final one can be retried or resumed freely, and
only a lost answer to the final chunk is ambiguous. Even then, a zero-byte status probe usually
settles it: "complete" comes back with the created resource.

https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from shared.platforms.base import AmbiguousError, PlatformError, TransientError
from shared.platforms.http import send

# Chunks must be multiples of 256 KiB except the last ("Step 3 - Upload the video file").
CHUNK_QUANTUM = 256 * 1024
# Sending a non-final chunk cannot create anything, so it may take longer than a create may.
CHUNK_TIMEOUT_SECONDS = 300.0
# Broken chunks resumed per upload before giving up (the pipeline retries the whole post later).
MAX_RESUMES = 3

Classify = Callable[[httpx.Response], PlatformError | None]


def next_offset(response: httpx.Response) -> int:
    """308 `Range: bytes=0-N` → N+1; no Range header means the server holds nothing yet."""
    held = response.headers.get("range", "")
    return int(held.rsplit("-", 1)[1]) + 1 if "-" in held else 0


class ResumableUpload:
    """One upload session: `send_all` returns the created resource, or None when the session is
    gone before anything was created (the caller may start a new one)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        session: str,
        headers: dict[str, str],
        *,
        classify: Classify,
        name: str,
        chunk_size: int,
    ) -> None:
        if chunk_size % CHUNK_QUANTUM:
            raise ValueError("chunk_size must be a multiple of 256 KiB")
        self._client = client
        self._session = session
        self._headers = headers
        self._classify = classify
        self._name = name
        self._chunk_size = chunk_size

    async def send_all(self, data: bytes, content_type: str) -> dict[str, Any] | None:
        offset, resumes = 0, 0
        while True:
            final = offset + self._chunk_size >= len(data)
            response = await self._put_chunk(data, offset, content_type)
            lost_final = False
            if response is None or response.status_code >= 500:
                # "Step 4 - Resume an interrupted upload": ask what the server holds, go on from there.
                # After a 5xx to the final chunk the video may exist: only the probe's "complete"
                # (or its "not everything yet", 308) settles that, so anything else is ambiguous.
                resumes += 1
                if resumes > MAX_RESUMES:
                    if final:
                        raise self._unsettled()
                    raise TransientError(f"The upload to {self._name} kept breaking; trying again later.")
                lost_final = final
                response = await (self._probe_final(len(data)) if final else self._probe(len(data)))
            if response.status_code in (200, 201):
                return dict(response.json())
            if response.status_code in (404, 410):
                if lost_final:
                    raise self._unsettled()  # the session is gone; whether it made the video is not known
                return None
            if response.status_code != 308:
                raise self._classify(response) or TransientError(f"{self._name} answered the upload oddly.")
            offset = next_offset(response)

    def _unsettled(self) -> AmbiguousError:
        return AmbiguousError(f"{self._name} did not confirm the upload's last part; the video may exist.")

    async def _probe_final(self, total: int) -> httpx.Response:
        """The probe after the final chunk failed: a probe that fails too leaves it ambiguous."""
        probe = await self._probe_quietly(total)
        if probe is None or probe.status_code >= 500:
            raise self._unsettled()
        return probe

    async def _put_chunk(self, data: bytes, offset: int, content_type: str) -> httpx.Response | None:
        """One chunk; None when a non-final one broke in transit (the caller asks where to resume)."""
        total = len(data)
        end = min(offset + self._chunk_size, total)
        final = end == total
        headers = {
            **self._headers,
            "Content-Type": content_type,
            "Content-Range": f"bytes {offset}-{end - 1}/{total}",
        }
        extra: dict[str, Any] = {} if final else {"timeout": self._chunk_timeout()}
        try:
            return await send(
                self._client,
                "PUT",
                self._session,
                content=data[offset:end],
                headers=headers,
                creates=final,
                name=self._name,
                **extra,
            )
        except AmbiguousError:
            # The final chunk's answer is lost and that request may still be running: only the
            # server's word that the upload is complete settles it; anything else stays ambiguous.
            probe = await self._probe_quietly(total)
            if probe is not None and probe.status_code in (200, 201):
                return probe
            raise
        except TransientError:
            return None

    async def _probe(self, total: int) -> httpx.Response:
        """An empty PUT with `Content-Range: bytes */total` asks what the session holds; it sends no
        bytes, so it can complete nothing."""
        headers = {**self._headers, "Content-Range": f"bytes */{total}"}
        return await send(
            self._client, "PUT", self._session, content=b"", headers=headers, creates=False, name=self._name
        )

    async def _probe_quietly(self, total: int) -> httpx.Response | None:
        try:
            return await self._probe(total)
        except PlatformError:
            return None

    def _chunk_timeout(self) -> httpx.Timeout:
        return httpx.Timeout(CHUNK_TIMEOUT_SECONDS, connect=self._client.timeout.connect)
