"""Settings are built in exactly two places (the CLI entry and ``create_app``) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = "docket-data"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    policy_pack: str = "dhs-2021"
    checkpoint_every: int = 1000
    checkpoint_seconds: float = 60.0  # also sign one when the last is this old (checked at append; 0: off)
    contest_window_days: int = 30
    verified_threshold: float = 0.999
    review_threshold: float = 0.5
    spark_master: str = "local[*]"
    demo: bool = False
    # SQLite only. FULL: a commit survives power loss (the WAL is fsynced at each commit); NORMAL
    # only survives the application crashing. Group commit shares one commit among concurrent units.
    sqlite_synchronous: str = "FULL"
    group_commit: bool = True
    session_secret: str = field(default="", repr=False)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "docket.sqlite"

    @property
    def signing_key_path(self) -> Path:
        return self.data_dir / "audit-signing.key"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def documents_dir(self) -> Path:
        return self.data_dir / "documents"

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, environ: dict[str, str] | None = None) -> Settings:
        """Settings from an explicit data dir, else ``DOCKET_DATA_DIR``, else ``./docket-data``."""
        env = dict(os.environ if environ is None else environ)
        chosen = Path(data_dir or env.get("DOCKET_DATA_DIR") or DEFAULT_DATA_DIR).expanduser().resolve()
        url = env.get("DOCKET_DATABASE_URL") or f"sqlite:///{chosen / 'docket.sqlite'}"
        return cls(
            data_dir=chosen,
            database_url=url,
            policy_pack=env.get("DOCKET_POLICY_PACK", "dhs-2021"),
            spark_master=env.get("DOCKET_SPARK_MASTER", "local[*]"),
            sqlite_synchronous=_synchronous(env.get("DOCKET_SQLITE_SYNCHRONOUS", "FULL")),
            session_secret=env.get("DOCKET_SESSION_SECRET") or _read_secret(chosen / SESSION_SECRET_FILE),
        )


SESSION_SECRET_FILE = "session.secret"
SYNCHRONOUS_LEVELS = ("NORMAL", "FULL", "EXTRA")


def _synchronous(value: str) -> str:
    level = value.strip().upper()
    if level not in SYNCHRONOUS_LEVELS:
        raise ValueError(f"DOCKET_SQLITE_SYNCHRONOUS: {value!r} is not one of {', '.join(SYNCHRONOUS_LEVELS)}")
    return level


def _read_secret(path: Path) -> str:
    """The session secret `docket init` generated (mode 0600), if there is one."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
