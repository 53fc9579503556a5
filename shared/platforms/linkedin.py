"""LinkedIn: posts by a member or by an organization page they administer (Posts API, versioned REST).

Facts this connector leans on (sources next to each use):
- Every REST call carries `LinkedIn-Version: YYYYMM` (LINKEDIN_API_VERSION) and
  `X-Restli-Protocol-Version: 2.0.0`; a retired version answers 426.
- `POST /rest/posts` answers 201 with an EMPTY body: the post URN is only in `x-restli-id`.
- `commentary` is "little" text: reserved characters must be backslash-escaped or LinkedIn silently
  cuts the post at the first one (`escape_commentary`).
- Videos upload in parts, are finalized with the parts' ETags in order, then process: the post is
  created from `check_status` once the video is AVAILABLE.
- Refresh tokens exist only for LinkedIn-approved partners; without one, an expiring token means
  the person connects again (no silent failure).

The app needs the "Sign In with LinkedIn using OpenID Connect", "Share on LinkedIn" and
"Community Management API" products (the last for organization pages and their statistics).

Options read from `PublishRequest.options`:
- `visibility`: PUBLIC (default), LOGGED_IN, or CONNECTIONS (members only).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

import httpx

from shared.config import Settings
from shared.platforms import oauth
from shared.platforms.base import (
    AccountMetrics,
    AccountRef,
    AmbiguousError,
    AuthSpec,
    Capabilities,
    ConnectedAccount,
    Credentials,
    MediaItem,
    NotSupportedError,
    OAuthSpec,
    Pending,
    PermanentError,
    PostMetrics,
    Published,
    PublishOutcome,
    PublishRequest,
    TransientError,
)
from shared.platforms.http import ambiguous_on_create, download, hosts, send
from shared.platforms.linkedin_api import (
    DOCUMENTED_ERRORS,
    classify,
    escape_commentary,
    follower_gains,
    post_url,
    settle,
    share_statistics,
)

log = logging.getLogger(__name__)

__all__ = ["AUTH", "CAPABILITIES", "DOCUMENTED_ERRORS", "PLATFORM", "build", "classify", "escape_commentary"]

PLATFORM = "linkedin"
NAME = "LinkedIn"
HOSTS = {"www": "https://www.linkedin.com", "api": "https://api.linkedin.com"}

# https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
# PKCE is only for native apps LinkedIn enables by hand (authorization-code-flow-native), so the
# web flow sends none; the client secret authenticates the exchange.
AUTH = AuthSpec(
    kind="oauth2",
    oauth=OAuthSpec(
        authorize_url="https://www.linkedin.com/oauth/v2/authorization",
        token_url="https://www.linkedin.com/oauth/v2/accessToken",
        scopes=(
            "openid",
            "profile",
            "w_member_social",
            "w_organization_social",
            "r_organization_social",
            "rw_organization_admin",
        ),
        pkce=False,
    ),
    client_id_setting="linkedin_client_id",
    client_secret_setting="linkedin_client_secret",
)

CAPABILITIES = Capabilities(
    # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
    max_text_length=3000,
    text_counting="chars",
    # multiImage: 2 to 20 images (…/shares/multiimage-post-api); one video per post.
    max_media=20,
    media_kinds=frozenset({"image", "gif", "video"}),
    max_images=20,
    max_videos=1,
    mixed_media=False,
    # The Images API documents a pixel limit (36,152,320), not a byte limit.
    # Videos API (…/shares/videos-api): 75 KB to 500 MB, 3 seconds to 30 minutes.
    max_video_bytes=500 * 1024 * 1024,
    min_video_seconds=3,
    max_video_seconds=30 * 60,
    post_metrics=("impressions", "unique_impressions", "clicks", "likes", "comments", "shares"),
    account_metrics=("organic_followers_gained_30d", "paid_followers_gained_30d"),
    post_vocabulary={
        "impressions": ("impressions",),
        "reach": ("unique_impressions",),
        "reactions": ("likes",),
        "comments": ("comments",),
        "shares": ("shares",),
        "clicks": ("clicks",),
    },
    account_vocabulary={"followers": ("followers",)},
    # Organization posts can be read back (r_organization_social); members' cannot (r_member_social
    # is restricted), so find_published answers for pages only.
    reconcile=True,
)


def _invalid_option(message: str) -> PermanentError:
    return PermanentError(message, code="invalid_option")


def _visibility(options: dict[str, Any], author: str) -> str:
    visibility = options.get("visibility", "PUBLIC")
    if visibility not in ("PUBLIC", "LOGGED_IN", "CONNECTIONS"):
        raise _invalid_option("LinkedIn visibility must be PUBLIC, LOGGED_IN or CONNECTIONS.")
    if visibility == "CONNECTIONS" and not author.startswith("urn:li:person:"):
        raise _invalid_option("Only a member's post can be limited to CONNECTIONS.")
    return str(visibility)


def _author(account: AccountRef) -> str:
    author = account.metadata.get("author") or account.external_id
    if not author.startswith(("urn:li:person:", "urn:li:organization:")):
        raise PermanentError(
            "This LinkedIn account has no author URN; connect it again.", code="account_incomplete"
        )
    return author


class LinkedInConnector(oauth.StandardOAuthApp):
    platform = PLATFORM
    name = NAME
    capabilities = CAPABILITIES
    auth = AUTH

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        super().__init__(settings, client)
        self._hosts = hosts(settings, PLATFORM, HOSTS)
        self._rest_headers = {
            # https://learn.microsoft.com/en-us/linkedin/marketing/versioning
            "LinkedIn-Version": settings.linkedin_api_version,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    # --- connecting ------------------------------------------------------------------------------

    async def list_accounts(self, credentials: Credentials) -> list[ConnectedAccount]:
        """The member (OpenID userinfo) and every page they administer (organizationAcls)."""
        # https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
        me = (await self._call(credentials, "GET", f"{self._hosts['api']}/v2/userinfo", rest=False)).json()
        member = f"urn:li:person:{me['sub']}"
        name = str(me.get("name") or me["sub"])
        accounts = [
            ConnectedAccount(
                external_id=member,
                handle=name,
                display_name=name,
                credentials=credentials,
                avatar_url=me.get("picture"),
                metadata={"author": member, "kind": "member"},
            )
        ]
        # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
        try:
            acls = await self._call(
                credentials,
                "GET",
                f"{self._hosts['api']}/rest/organizationAcls",
                params={"q": "roleAssignee", "role": "ADMINISTRATOR", "state": "APPROVED", "count": 100},
            )
        except PermanentError as exc:
            if exc.http_status == 403:  # the pages scopes were not granted: the member alone
                return accounts
            raise
        for acl in acls.json().get("elements", []):
            urn = str(acl.get("organization") or acl.get("organizationalTarget") or "")
            if urn.startswith("urn:li:organization:"):
                accounts.append(await self._organization(credentials, urn))
        return accounts

    async def _organization(self, credentials: Credentials, urn: str) -> ConnectedAccount:
        org_id = urn.rsplit(":", 1)[1]
        org = (
            await self._call(credentials, "GET", f"{self._hosts['api']}/rest/organizations/{org_id}")
        ).json()
        vanity = org.get("vanityName")
        name = str(org.get("localizedName") or vanity or org_id)
        return ConnectedAccount(
            external_id=urn,
            handle=str(vanity or name),
            display_name=name,
            credentials=credentials,
            url=f"https://www.linkedin.com/company/{vanity}/" if vanity else None,
            metadata={"author": urn, "kind": "organization"},
        )

    async def refresh(self, credentials: Credentials) -> Credentials:
        """Refresh tokens are for approved partners only; others reconnect
        (https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens)."""
        return await self._refresh_or_reconnect(
            credentials,
            missing="LinkedIn gives this app no refresh token: connect the account again before its "
            "60-day token expires.",
        )

    async def revoke(self, credentials: Credentials) -> None:
        """POST www.linkedin.com/oauth/v2/revoke {client_id, client_secret, token} (RFC 7009 shape)."""
        client = self._app()
        form = {"client_id": client.client_id, "client_secret": client.client_secret}
        response = await send(
            self._client,
            "POST",
            f"{self._hosts['www']}/oauth/v2/revoke",
            data={**form, "token": credentials.access_token},
            creates=False,
            name=NAME,
        )
        if response.status_code >= 500:
            raise TransientError(f"LinkedIn could not revoke the token (HTTP {response.status_code}).")
        if response.status_code >= 400 and response.status_code != 401:  # 401: already unusable
            raise PermanentError(
                f"LinkedIn refused to revoke the token (HTTP {response.status_code}).", code="revoke_failed"
            )

    # --- publishing ------------------------------------------------------------------------------

    async def publish(self, credentials: Credentials, request: PublishRequest) -> PublishOutcome:
        author = _author(request.account)
        _visibility(request.options, author)
        videos = [m for m in request.media if m.kind == "video"]
        if videos:
            if len(request.media) > 1:
                raise PermanentError("A LinkedIn post holds one video and nothing else.", code="media_mix")
            video = await self._upload_video(credentials, author, videos[0])
            return Pending({"video": video, "author": author}, message="LinkedIn is processing the video.")
        images = [await self._upload_image(credentials, author, item) for item in request.media]
        content: dict[str, Any] | None = None
        if len(images) == 1:
            content = {"media": images[0]}
        elif images:
            content = {"multiImage": {"images": images}}
        return await self._create_post(credentials, request, author, content)

    async def check_status(
        self, credentials: Credentials, request: PublishRequest, state: dict[str, Any]
    ) -> PublishOutcome:
        """Poll the video (AVAILABLE | PROCESSING | PROCESSING_FAILED), then create the post."""
        video = str(state["video"])
        url = f"{self._hosts['api']}/rest/videos/{quote(video, safe='')}"
        found = (await self._call(credentials, "GET", url)).json()
        status = found.get("status")
        if status == "PROCESSING_FAILED":
            reason = found.get("processingFailureReason") or "no reason given"
            raise PermanentError(f"LinkedIn could not process the video ({reason}).", code="video_failed")
        if status != "AVAILABLE":
            return Pending(state, message=f"LinkedIn is processing the video ({status}).")
        return await self._create_post(credentials, request, str(state["author"]), {"media": {"id": video}})

    async def _create_post(
        self, credentials: Credentials, request: PublishRequest, author: str, content: dict[str, Any] | None
    ) -> Published:
        body: dict[str, Any] = {
            "author": author,
            "commentary": escape_commentary(request.text),
            "visibility": _visibility(request.options, author),
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if content:
            body["content"] = content
        response = await self._call(
            credentials, "POST", f"{self._hosts['api']}/rest/posts", json=body, creates=True
        )
        # 201 with an empty body: the id is only in the header (Posts API "Create" response).
        location = unquote(response.headers.get("location", "").rsplit("/", 1)[-1])
        urn = response.headers.get("x-restli-id") or location
        if not urn.startswith("urn:li:"):
            raise AmbiguousError("LinkedIn accepted the post but did not say which it is.")
        return Published(external_id=urn, url=post_url(urn))

    async def _upload_image(self, credentials: Credentials, owner: str, item: MediaItem) -> dict[str, Any]:
        # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
        init = await self._call(
            credentials,
            "POST",
            f"{self._hosts['api']}/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": owner}},
        )
        value = init.json()["value"]
        data = await download(self._client, item.url)
        await self._call(
            credentials,
            "PUT",
            str(value["uploadUrl"]),
            rest=False,
            content=data,
            headers={"Content-Type": "application/octet-stream"},
            timeout=_UPLOAD_TIMEOUT,
        )
        image: dict[str, Any] = {"id": str(value["image"])}
        if item.alt_text:
            image["altText"] = item.alt_text[:4086]
        return image

    async def _upload_video(self, credentials: Credentials, owner: str, item: MediaItem) -> str:
        # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api
        data = await download(self._client, item.url)
        init = await self._call(
            credentials,
            "POST",
            f"{self._hosts['api']}/rest/videos",
            params={"action": "initializeUpload"},
            json={
                "initializeUploadRequest": {
                    "owner": owner,
                    "fileSizeBytes": len(data),
                    "uploadCaptions": False,
                    "uploadThumbnail": False,
                }
            },
        )
        value = init.json()["value"]
        etags: list[str] = []
        for part in sorted(value["uploadInstructions"], key=lambda p: int(p["firstByte"])):
            # Pre-signed part URLs: no bearer token. Each answer's ETag, in order, proves the part.
            response = await send(
                self._client,
                "PUT",
                str(part["uploadUrl"]),
                content=data[int(part["firstByte"]) : int(part["lastByte"]) + 1],
                headers={"Content-Type": "application/octet-stream"},
                timeout=_UPLOAD_TIMEOUT,
                creates=False,
                name=NAME,
            )
            error = classify(response)
            if error is not None:
                raise error
            etag = response.headers.get("etag", "").strip('"')
            if not etag:
                raise TransientError("LinkedIn did not confirm a part of the video upload.")
            etags.append(etag)
        await self._call(
            credentials,
            "POST",
            f"{self._hosts['api']}/rest/videos",
            params={"action": "finalizeUpload"},
            json={
                "finalizeUploadRequest": {
                    "video": value["video"],
                    "uploadToken": value.get("uploadToken", ""),
                    "uploadedPartIds": etags,
                }
            },
        )
        return str(value["video"])

    async def find_published(
        self, credentials: Credentials, request: PublishRequest, since: datetime
    ) -> Published | None:
        """Read the page's latest posts (Posts API "find by author") for this text after `since`."""
        author = _author(request.account)
        if not author.startswith("urn:li:organization:"):
            raise NotSupportedError(
                "LinkedIn does not let apps read a member's posts (r_member_social is restricted)."
            )
        response = await self._call(
            credentials,
            "GET",
            f"{self._hosts['api']}/rest/posts",
            params={"q": "author", "author": author, "count": 20, "sortBy": "CREATED"},
        )
        wanted = {request.text, escape_commentary(request.text)}
        cutoff = (since - timedelta(seconds=5)).timestamp() * 1000
        for post in response.json().get("elements", []):
            if post.get("commentary") in wanted and int(post.get("createdAt") or 0) >= cutoff:
                return Published(external_id=str(post["id"]), url=post_url(str(post["id"])))
        return None

    # --- metrics ---------------------------------------------------------------------------------

    async def fetch_post_metrics(
        self, credentials: Credentials, account: AccountRef, external_ids: list[str]
    ) -> list[PostMetrics]:
        author = _author(account)
        if author.startswith("urn:li:organization:"):
            return await self._share_statistics(credentials, author, external_ids)
        return [await self._social_actions(credentials, urn) for urn in external_ids]

    async def _share_statistics(
        self, credentials: Credentials, org: str, urns: list[str]
    ) -> list[PostMetrics]:
        # https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
        shares = [u for u in urns if u.startswith("urn:li:share:")]
        ugc = [u for u in urns if u.startswith("urn:li:ugcPost:")]
        query = f"q=organizationalEntity&organizationalEntity={quote(org, safe='')}"
        for name, group in (("shares", shares), ("ugcPosts", ugc)):
            if group:  # Rest.li 2.0 list syntax: List(...) unencoded, each URN encoded
                query += f"&{name}=List({','.join(quote(u, safe='') for u in group)})"
        url = f"{self._hosts['api']}/rest/organizationalEntityShareStatistics?{query}"
        return share_statistics((await self._call(credentials, "GET", url)).json())

    async def _social_actions(self, credentials: Credentials, urn: str) -> PostMetrics:
        """A member's post: only like and comment counts exist, and only for apps granted
        r_member_social (…/shares/network-update-social-actions)."""
        try:
            response = await self._call(
                credentials, "GET", f"{self._hosts['api']}/rest/socialActions/{quote(urn, safe='')}"
            )
        except PermanentError as exc:
            if exc.http_status == 403:
                raise NotSupportedError(
                    "LinkedIn shares a member's post counts only with apps granted r_member_social."
                ) from exc
            raise
        body = response.json()
        return PostMetrics(
            external_id=urn,
            metrics={
                "likes": int((body.get("likesSummary") or {}).get("totalLikes", 0)),
                "comments": int((body.get("commentsSummary") or {}).get("aggregatedTotalComments", 0)),
            },
        )

    async def fetch_account_metrics(self, credentials: Credentials, account: AccountRef) -> AccountMetrics:
        author = _author(account)
        if not author.startswith("urn:li:organization:"):
            raise NotSupportedError("LinkedIn offers follower statistics for organization pages only.")
        api = self._hosts["api"]
        # organizationalEntityFollowerStatistics no longer returns totals: "Use the networkSizes API"
        # (…/community-management/organizations/follower-statistics).
        size = await self._call(
            credentials,
            "GET",
            f"{api}/rest/networkSizes/{quote(author, safe='')}",
            params={"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"},
        )
        end = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        span = f"start:{int((end - timedelta(days=30)).timestamp() * 1000)},end:{int(end.timestamp() * 1000)}"
        query = (
            f"q=organizationalEntity&organizationalEntity={quote(author, safe='')}"
            f"&timeIntervals=(timeRange:({span}),timeGranularityType:DAY)"
        )
        stats = await self._call(
            credentials, "GET", f"{api}/rest/organizationalEntityFollowerStatistics?{query}"
        )
        return AccountMetrics(
            followers=int(size.json().get("firstDegreeSize", 0)), metrics=follower_gains(stats.json())
        )

    # --- one call --------------------------------------------------------------------------------

    async def _call(
        self,
        credentials: Credentials,
        method: str,
        url: str,
        *,
        creates: bool = False,
        rest: bool = True,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One authenticated call, every failure classified. `rest`: send the versioning headers."""
        sent = {"Authorization": f"Bearer {credentials.access_token}", **(self._rest_headers if rest else {})}
        sent.update(headers or {})
        response = await send(self._client, method, url, creates=creates, name=NAME, headers=sent, **kwargs)
        error = ambiguous_on_create(response, classify(response), creates=creates, name=NAME)
        if error is None:
            return response
        if error.code == "api_version_retired":
            log.error(
                "LinkedIn refused API version %s (HTTP 426): set LINKEDIN_API_VERSION to a current YYYYMM",
                self._rest_headers["LinkedIn-Version"],
            )
        raise settle(error, credentials)


# Uploads stream media bytes and may take longer than an API call; never used for creates.
_UPLOAD_TIMEOUT = httpx.Timeout(300.0, connect=10.0)


def build(settings: Settings, client: httpx.AsyncClient) -> LinkedInConnector:
    return LinkedInConnector(settings, client)
