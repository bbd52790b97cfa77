"""The audit log's Ed25519 signing key in the data dir (mode 0600), and the log's origin line."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docket.auditlog.checkpoint import generate_key, load_key, load_public_key, save_key, save_public_key
from docket.errors import ConfigError


def public_key_path(private_path: Path) -> Path:
    return private_path.with_suffix(".pub")


def ensure_signing_key(path: Path) -> bool:
    """Create the key pair if missing; True when it was created now."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate_key()
    save_key(key, path)
    save_public_key(key.public_key(), public_key_path(path))
    return True


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        raise ConfigError(f"no audit signing key at {path}; run `docket init` first")
    return load_key(path)


def load_verifying_key(private_path: Path) -> Ed25519PublicKey:
    return load_public_key(public_key_path(private_path))


def log_origin(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """``docket.audit/<first 16 hex of the public key's SHA-256>``: names this log uniquely."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"docket.audit/{hashlib.sha256(raw).hexdigest()[:16]}"


def ensure_session_secret(path: Path) -> bool:
    """Create a random session secret (mode 0600) if missing; True when created now."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48) + "\n")
    return True
