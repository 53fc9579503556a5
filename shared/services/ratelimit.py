"""Rate limits and sign-in lockout, counted in PostgreSQL so every instance sees the same numbers."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from shared.domain.errors import RateLimited


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `window_seconds` for one key (fixed windows)."""

    name: str
    count: int
    window_seconds: int


def register_per_ip(per_hour: int) -> Limit:
    """New accounts per client address (REGISTER_PER_IP_PER_HOUR)."""
    return Limit("register:ip", per_hour, 3600)


LOGIN_PER_IP = Limit("login:ip", 60, 300)
FORGOT_PER_IP = Limit("forgot:ip", 10, 3600)
FORGOT_PER_EMAIL = Limit("forgot:email", 3, 3600)
CONTACT_PER_IP = Limit("contact:ip", 5, 3600)
API_KEY_REQUESTS = Limit("api_key", 600, 60)
# Each invitation emails an address the inviter chose, with a workspace name they chose: cap the volume.
INVITES_PER_USER = Limit("invite:user", 50, 3600)
# Each start of Sign in with Microsoft stores a pending flow row for ten minutes.
MICROSOFT_LOGIN_PER_IP = Limit("microsoft_login:ip", 30, 300)
# Each resend emails the account's own address: a few per hour is plenty for a lost or late mail.
VERIFY_RESEND_PER_USER = Limit("verify_resend:user", 3, 3600)
VERIFY_RESEND_PER_IP = Limit("verify_resend:ip", 10, 3600)
# Looking an invitation up by its token, before signing up: caps token guessing from one address.
INVITATION_LOOKUP_PER_IP = Limit("invitation_lookup:ip", 30, 300)
# Each webhook test POSTs to a URL a member chose, at once: cap it per webhook.
WEBHOOK_TESTS_PER_WEBHOOK = Limit("webhook_test:webhook", 10, 300)


async def hit(pool: AsyncConnectionPool, limit: Limit, subject: str, *, now: datetime | None = None) -> None:
    """Count one hit; raise RateLimited (with Retry-After) once the window's budget is spent."""
    now = now or datetime.now(UTC)
    epoch = int(now.timestamp())
    start = epoch - epoch % limit.window_seconds
    window_start = datetime.fromtimestamp(start, UTC)
    async with pool.connection() as conn:
        cursor = await conn.execute(
            """INSERT INTO rate_limit_counters (key, window_start, count) VALUES (%s, %s, 1)
               ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
               RETURNING count""",
            (f"{limit.name}:{subject}", window_start),
        )
        row = await cursor.fetchone()
    assert row is not None
    if row[0] > limit.count:
        retry_after = max(1, start + limit.window_seconds - epoch)
        raise RateLimited("Too many requests; try again later.", retry_after_seconds=retry_after)


# Sign-in lockout. One attempt counts under three keys: the (account, client) pair, the client's IP and
# the account across every client. From a key's threshold on, each failure locks that key for 30 s,
# doubling up to 15 minutes; failures are forgotten after an hour without one. Someone guessing from
# elsewhere locks only their own pair (and IP), never the owner's; the account-wide ceiling, much higher
# (LOGIN_ACCOUNT_MAX_FAILURES), stops a guess spread over many addresses.
PAIR_THRESHOLD = 5
IP_THRESHOLD = 20
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)
FAILURE_MEMORY = timedelta(hours=1)
LOGIN_LOCKED = "Too many failed sign-ins. Wait before trying again."


def lock_duration(failures: int, threshold: int) -> timedelta | None:
    if failures < threshold:
        return None
    lock: timedelta = min(BASE_LOCK * (2 ** (failures - threshold)), MAX_LOCK)
    return lock


@dataclass(frozen=True)
class LoginKey:
    key: str
    threshold: int
    forget_on_success: bool = False


def login_keys(email: str, ip: str, *, account_threshold: int) -> tuple[LoginKey, ...]:
    """The keys a sign-in attempt for `email` (normalized) from `ip` counts under. The pair's key is a
    digest, so the only row naming the address is the account's own (erased with the account)."""
    pair = hashlib.sha256(f"{email}\n{ip}".encode()).hexdigest()
    return (
        LoginKey(f"account:{email}", account_threshold),
        LoginKey(f"pair:{pair}", PAIR_THRESHOLD, forget_on_success=True),
        LoginKey(f"ip:{ip}", IP_THRESHOLD),
    )


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt reserved by `reserve_attempt`: already counted as a failure under every key."""

    keys: tuple[LoginKey, ...]
    locks_set: dict[str, datetime]  # the locks this attempt's count started, by key


async def reserve_attempt(
    conn: AsyncConnection, keys: tuple[LoginKey, ...], *, now: datetime | None = None
) -> Attempt:
    """Count an attempt as a failure under every key BEFORE its password is checked, or refuse it.

    The keys' rows are locked (in key order, so concurrent attempts cannot deadlock) for the length of
    this short transaction: concurrent attempts queue here, each sees the counts and locks the ones
    before it left, and no more than a key's threshold of them ever reach the password check. A refused
    attempt (some key is locked) counts nowhere: guesses that were never checked lock nothing more.
    Raises RateLimited (login_locked, with Retry-After) when refused.
    """
    ordered = sorted(keys, key=lambda k: k.key)
    names = [k.key for k in ordered]
    async with conn.transaction():
        await conn.execute(
            """INSERT INTO login_failures (key, failures, last_failed_at)
               SELECT name, 0, now() FROM unnest(%s::text[]) AS name ORDER BY name
               ON CONFLICT (key) DO NOTHING""",
            (names,),
        )
        cursor = await conn.execute(
            """SELECT key, failures, last_failed_at, locked_until FROM login_failures
               WHERE key = ANY(%s) ORDER BY key FOR UPDATE""",
            (names,),
        )
        rows = {row[0]: row[1:] for row in await cursor.fetchall()}
        now = now or datetime.now(UTC)
        locked_until = [row[2] for row in rows.values() if row[2] is not None and row[2] > now]
        if locked_until:
            seconds = math.ceil((max(locked_until) - now).total_seconds())
            # Raising rolls the transaction back: nothing is counted, no empty row is left.
            raise RateLimited(LOGIN_LOCKED, retry_after_seconds=max(1, seconds), code="login_locked")
        counts: list[int] = []
        locks: list[datetime | None] = []
        locks_set: dict[str, datetime] = {}
        for key in ordered:
            failures, last_failed_at, _ = rows[key.key]
            count = 1 if last_failed_at < now - FAILURE_MEMORY else failures + 1
            duration = lock_duration(count, key.threshold)
            lock = now + duration if duration is not None else None
            if lock is not None:
                locks_set[key.key] = lock
            counts.append(count)
            locks.append(lock)
        await conn.execute(
            """UPDATE login_failures AS f
               SET failures = v.failures, last_failed_at = %s, locked_until = v.locked_until
               FROM unnest(%s::text[], %s::int[], %s::timestamptz[]) AS v(key, failures, locked_until)
               WHERE f.key = v.key""",
            (now, names, counts, locks),
        )
    return Attempt(tuple(ordered), locks_set)


async def release_attempt(conn: AsyncConnection, attempt: Attempt) -> None:
    """The attempt's password was right: its pair starts afresh, and the other keys give back the
    failure it was counted as, with the lock that count started (if no later attempt changed it)."""
    forget = [k.key for k in attempt.keys if k.forget_on_success]
    give_back = [k.key for k in attempt.keys if not k.forget_on_success]
    await conn.execute("DELETE FROM login_failures WHERE key = ANY(%s)", (forget,))
    await conn.execute(
        """UPDATE login_failures AS f
           SET failures = greatest(f.failures - 1, 0),
               locked_until = CASE WHEN f.locked_until = v.locked_until THEN NULL ELSE f.locked_until END
           FROM unnest(%s::text[], %s::timestamptz[]) AS v(key, locked_until)
           WHERE f.key = v.key""",
        (give_back, [attempt.locks_set.get(key) for key in give_back]),
    )
