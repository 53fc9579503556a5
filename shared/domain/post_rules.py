"""Who may do what to a post: the one rule every post route and service goes through.

The rule has three layers, asked in this order, and the first refusal is the answer:

1. Role: viewers act on no post; contributors draft and submit; editors and above also publish,
   approve and retry (the matrix in `permissions.py`).
2. Ownership: contributors act only on their own posts, and only while nothing has been approved for
   publishing. Editors and above act on every post of the workspace.
3. State: what the targets' states allow (nothing changes once it is publishing or out, only a
   pending post can be approved, only a failed one retried...).

A post "carries an approval" when someone who may approve released it: by approving it, or by
scheduling or submitting it themselves. A contributor's post that a workspace without approvals
scheduled directly carries none, so its author may still change it; if the workspace requires
approval by then, the change sends it back to `pending_approval` (`after_change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from shared.domain.permissions import Permission, Role, allows
from shared.domain.posts import CANCELLABLE, TargetStatus


class PostAction(StrEnum):
    EDIT = "edit"  # text, time, accounts, media
    SUBMIT = "submit"  # a draft goes for approval (or straight to scheduled)
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    RETRY = "retry"
    DELETE = "delete"


# What each action needs from the role, before ownership and state are asked.
ACTION_PERMISSION: dict[PostAction, Permission] = {
    PostAction.EDIT: Permission.POSTS_DRAFT,
    PostAction.SUBMIT: Permission.POSTS_DRAFT,
    PostAction.APPROVE: Permission.POSTS_APPROVE,
    PostAction.REJECT: Permission.POSTS_APPROVE,
    PostAction.CANCEL: Permission.POSTS_DRAFT,
    PostAction.RETRY: Permission.POSTS_PUBLISH,
    PostAction.DELETE: Permission.POSTS_DRAFT,
}

# Targets in these states have gone out, or may have: nothing about them changes any more.
OUT = frozenset(
    {TargetStatus.PUBLISHING, TargetStatus.PROCESSING, TargetStatus.PUBLISHED, TargetStatus.UNCONFIRMED}
)
# Released for publishing: a contributor's post in one of these is no longer theirs to change when
# it carries an approval.
RELEASED = frozenset(
    {TargetStatus.SCHEDULED, TargetStatus.QUEUED, TargetStatus.RETRY_WAIT, *OUT, TargetStatus.FAILED}
)
# A change to text, time, accounts or media re-sends these; they go back for approval when the
# person changing them cannot approve and the workspace requires it.
WAITING_TO_GO = frozenset({TargetStatus.SCHEDULED, TargetStatus.QUEUED, TargetStatus.RETRY_WAIT})


@dataclass(frozen=True)
class PostFacts:
    """What the rule needs to know about a post."""

    author_id: UUID | None
    states: frozenset[TargetStatus]
    approved: bool  # someone who may approve released it (see the module docstring)

    @property
    def live(self) -> frozenset[TargetStatus]:
        return self.states - {TargetStatus.CANCELLED}


@dataclass(frozen=True)
class Refusal:
    """Why not: `forbidden` (403, the person may not) or `conflict` (409, the post's state forbids)."""

    kind: str
    code: str
    message: str


def _forbidden(code: str, message: str) -> Refusal:
    return Refusal("forbidden", code, message)


def _conflict(code: str, message: str) -> Refusal:
    return Refusal("conflict", code, message)


def may(role: Role, actor_id: UUID, post: PostFacts, action: PostAction) -> Refusal | None:
    """None when `actor_id` in `role` may do `action` to `post` now, else the first reason not."""
    if not allows(role, ACTION_PERMISSION[action]):
        return _forbidden("permission_denied", "Your role in this workspace does not allow this.")
    if not allows(role, Permission.POSTS_APPROVE):
        if post.author_id != actor_id:
            return _forbidden("not_post_author", "You can change only posts you wrote.")
        if post.approved and post.live & RELEASED:
            return _forbidden(
                "post_approved",
                "This post has been approved for publishing; ask an editor to change it.",
            )
    return _state_refusal(post, action)


def _state_refusal(post: PostFacts, action: PostAction) -> Refusal | None:  # noqa: PLR0911 - one per action
    live = post.live
    if action is PostAction.EDIT:
        if live & OUT:
            return _conflict(
                "post_locked", "Part of this post is publishing or published; duplicate it to change it."
            )
        if not live:
            return _conflict("post_cancelled", "This post was cancelled; duplicate it to use it again.")
        return None
    if action is PostAction.SUBMIT:
        if not live or live - {TargetStatus.DRAFT}:
            return _conflict("not_draft", "Only a draft can be submitted.")
        return None
    if action in (PostAction.APPROVE, PostAction.REJECT):
        if TargetStatus.PENDING_APPROVAL not in live:
            return _conflict("not_pending_approval", "This post is not waiting for approval.")
        return None
    if action is PostAction.CANCEL:
        if not live & CANCELLABLE:
            return _conflict("nothing_to_cancel", "Nothing in this post can still be cancelled.")
        return None
    if action is PostAction.RETRY:
        if not live & {TargetStatus.FAILED, TargetStatus.UNCONFIRMED}:
            return _conflict("nothing_to_retry", "Nothing in this post failed.")
        return None
    # DELETE: what is out, or may be, stays for the record.
    if live & OUT:
        return _conflict(
            "post_locked", "Part of this post is out (or may be); it stays for the record. Cancel the rest."
        )
    return None


def needs_approval(role: Role, *, approval_required: bool) -> bool:
    """Whether what this person releases must wait for an approver."""
    return approval_required and not allows(role, Permission.POSTS_APPROVE)


def after_change(role: Role, post: PostFacts, *, approval_required: bool) -> TargetStatus | None:
    """Where waiting targets go after this person changes the post: back to `pending_approval` when
    they cannot approve and the workspace requires it; None when they stay as they are."""
    if post.live & WAITING_TO_GO and needs_approval(role, approval_required=approval_required):
        return TargetStatus.PENDING_APPROVAL
    return None
