"""The unprivileged user the local Kafka and Elasticsearch run as when root starts them, and what it may reach."""

from __future__ import annotations

import os
import pwd
import subprocess
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import StackError


def run_as_user(settings: Settings) -> str | None:
    """When root starts the stack, the servers run as an unprivileged system user (Elasticsearch refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(settings.stack_user)
    except KeyError:
        result = subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                settings.stack_user,
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            reason = result.stderr.strip()
            raise StackError(f"cannot create user {settings.stack_user!r} for the stack servers: {reason}") from None
    return settings.stack_user


def chown_tree(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        os.chown(root, entry.pw_uid, entry.pw_gid)
        for name in dirs + files:
            os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid, follow_symlinks=False)


def open_to_user(path: Path, ours: Path, user: str) -> None:
    """Let `user` reach `path`: folders from `ours` (which newswire made) down get read/traverse for others; a folder
    above `ours` is never changed, and one the user cannot traverse is an error that says what to do."""
    ours = ours.resolve()
    for parent in [path.resolve(), *path.resolve().parents]:
        if parent == ours or ours in parent.parents:
            parent.chmod(parent.stat().st_mode | 0o055)
        elif not parent.stat().st_mode & 0o001:
            raise StackError(
                f"{parent} is not traversable by the user {user!r} that runs the stack server, and newswire does not "
                f"change folders it did not create: choose NEWSWIRE_CACHE_DIR / NEWSWIRE_STATE_DIR elsewhere "
                f"(e.g. under /var/cache, /var/lib or /srv) or open {parent} yourself."
            )


def hand_over(settings: Settings, home: Path, state: Path) -> str | None:
    """As root: the server's state folder becomes the user's, and its home and state are opened to it; else None."""
    user = run_as_user(settings)
    if user:
        chown_tree(state, user)
        open_to_user(home, settings.cache_dir, user)
        open_to_user(state, settings.state_dir, user)
    return user
