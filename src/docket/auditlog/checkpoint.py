"""Signed checkpoints: C2SP tlog-checkpoint bodies in C2SP signed notes, with Ed25519 keys.

A checkpoint reads::

    <origin>
    <tree size, decimal>
    <base64 root hash>

    — <key name> <base64(4-byte key id || 64-byte Ed25519 signature)>

The signature covers the body up to and including its last newline. The key id is the first four
bytes of SHA-256(key name || 0x0A || 0x01 || public key), so a signature made with another key under
the same name is told apart before any cryptography runs. Signatures from keys the verifier does not
know are ignored, as the signed-note spec asks; one from the known key that fails rejects the note.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docket.errors import AuditIntegrityError, ConfigError, Invalid

_ED25519 = b"\x01"
_DASH = "\u2014 "
_MAX_SIGNATURES = 100
_MAX_NOTE_CHARS = 1 << 20
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key name, the 4-byte key id, and the signature bytes."""

    name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class Checkpoint:
    """A parsed checkpoint. ``extensions`` are any body lines after the root (tlog-checkpoint allows them)."""

    origin: str
    size: int
    root: bytes
    signatures: tuple[NoteSignature, ...] = ()
    extensions: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        """The signed text, exactly as it was signed."""
        lines = [self.origin, str(self.size), _b64(self.root), *self.extensions]
        return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- keys


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def save_key(key: Ed25519PrivateKey, path: Path, *, raw: bool = False) -> None:
    """Write the private key (PKCS#8 PEM, or the 32 raw seed bytes) to a new file with mode 0600.

    Refuses to replace an existing file: overwriting a log key would orphan every checkpoint.
    """
    encoding, layout = (
        (serialization.Encoding.Raw, serialization.PrivateFormat.Raw)
        if raw
        else (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8)
    )
    data = key.private_bytes(encoding, layout, serialization.NoEncryption())
    _write_new(Path(path), data, 0o600)


def load_key(path: Path) -> Ed25519PrivateKey:
    """Read a private key written by ``save_key``; refuses a file others can read (POSIX)."""
    data = _read(Path(path))
    if os.name == "posix" and Path(path).stat().st_mode & 0o077:
        raise ConfigError(f"audit signing key {path} is readable by others; chmod 600 it")
    try:
        if data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(data, password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(data)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{path} does not hold an Ed25519 private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{path} holds a private key that is not Ed25519")
    return key


def save_public_key(key: Ed25519PublicKey, path: Path) -> None:
    """Write the public key as SubjectPublicKeyInfo PEM, for verifiers such as oversight."""
    data = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    _write_new(Path(path), data, 0o644)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a public key: PEM, or the 32 raw bytes."""
    data = _read(Path(path))
    try:
        if data.startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = Ed25519PublicKey.from_public_bytes(data)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{path} does not hold an Ed25519 public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} holds a public key that is not Ed25519")
    return key


def key_id(key_name: str, public_key: Ed25519PublicKey) -> bytes:
    """The signed-note key id: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(key_name.encode("utf-8") + b"\n" + _ED25519 + raw).digest()[:4]


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as exc:
        raise ConfigError(f"{path} already exists; refusing to overwrite a key") from exc
    except OSError as exc:
        raise ConfigError(f"cannot create {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as handle:
        if os.name == "posix":
            os.fchmod(fd, mode)
        handle.write(data)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read key file {path}: {exc.strerror}") from exc


# ---------------------------------------------------------------- signing


def sign_note(key: Ed25519PrivateKey, key_name: str, text: str) -> str:
    """A signed note: ``text`` (ending in a newline), a blank line, and one signature line."""
    if not _valid_name(key_name):
        raise Invalid(f"invalid key name {key_name!r}: non-empty, no spaces, no '+'")
    if not text.endswith("\n") or "\n\n" in text or _CONTROL.search(text):
        raise Invalid("note text must be newline-terminated lines without blank lines or control characters")
    signature = key.sign(text.encode("utf-8"))
    blob = key_id(key_name, key.public_key()) + signature
    return f"{text}\n{_DASH}{key_name} {_b64(blob)}\n"


def sign_checkpoint(
    key: Ed25519PrivateKey, origin: str, size: int, root: bytes, key_name: str | None = None
) -> str:
    """Sign the checkpoint (origin, size, root); the key name defaults to the origin."""
    if not origin or "\n" in origin:
        raise Invalid("a checkpoint origin must be one non-empty line")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise Invalid(f"a checkpoint size must be a non-negative integer, not {size!r}")
    if not isinstance(root, bytes | bytearray) or len(root) != 32:
        raise Invalid("a checkpoint root must be a 32-byte SHA-256 hash")
    body = Checkpoint(origin, size, bytes(root)).body
    return sign_note(key, origin if key_name is None else key_name, body)


# ---------------------------------------------------------------- parsing and verifying


def parse_checkpoint(text: str) -> Checkpoint:
    """Parse a signed checkpoint without checking signatures; raises ``AuditIntegrityError`` if malformed."""
    body, signature_block = _split_note(text)
    lines = body[:-1].split("\n")
    if len(lines) < 3 or not all(lines):
        raise _malformed("its body needs an origin, a size and a root hash, each on a non-empty line")
    origin, size_text, root_text, *extensions = lines
    if not _DECIMAL.fullmatch(size_text):
        raise _malformed(f"tree size {size_text!r} is not a plain decimal number")
    root = _b64decode(root_text)
    if root is None or len(root) != 32:
        raise _malformed(f"root {root_text!r} is not a base64 SHA-256 hash")
    signatures = tuple(_parse_signature(line) for line in signature_block[:-1].split("\n"))
    return Checkpoint(origin, int(size_text), root, signatures, tuple(extensions))


def verify_checkpoint(text: str, public_key: Ed25519PublicKey, key_name: str) -> Checkpoint:
    """Parse ``text`` and check it carries a valid signature by (``key_name``, ``public_key``)."""
    checkpoint = parse_checkpoint(text)
    wanted = key_id(key_name, public_key)
    mine = [s for s in checkpoint.signatures if s.name == key_name and s.key_id == wanted]
    if not mine:
        raise AuditIntegrityError(
            f"checkpoint is not signed by key {key_name} ({wanted.hex()}); it carries signatures by "
            + (", ".join(f"{s.name} ({s.key_id.hex()})" for s in checkpoint.signatures))
        )
    message = checkpoint.body.encode("utf-8")
    if not all(_verifies(public_key, s.signature, message) for s in mine):
        raise AuditIntegrityError(f"checkpoint signature by key {key_name} does not verify")
    return checkpoint


def _verifies(public_key: Ed25519PublicKey, signature: bytes, message: bytes) -> bool:
    if len(signature) != 64:
        return False
    try:
        public_key.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _split_note(text: str) -> tuple[str, str]:
    if not isinstance(text, str) or len(text) > _MAX_NOTE_CHARS:
        raise _malformed("it is not text of a sensible size")
    if _CONTROL.search(text) or not _encodable(text):
        raise _malformed("it holds control characters or invalid Unicode")
    split = text.rfind("\n\n")
    if split < 0 or not text.endswith("\n"):
        raise _malformed("it has no signature block after a blank line")
    body, signature_block = text[: split + 1], text[split + 2 :]
    if not signature_block or signature_block.count("\n") > _MAX_SIGNATURES:
        raise _malformed(f"it needs 1 to {_MAX_SIGNATURES} signature lines")
    return body, signature_block


def _parse_signature(line: str) -> NoteSignature:
    if not line.startswith(_DASH):
        raise _malformed(f"signature line {line[:40]!r} does not start with an em dash and a space")
    name, _, blob_text = line[len(_DASH) :].partition(" ")
    blob = _b64decode(blob_text)
    if not _valid_name(name) or blob is None or len(blob) < 5:
        raise _malformed(f"signature line {line[:40]!r} is not '— <key name> <base64 signature>'")
    return NoteSignature(name, blob[:4], blob[4:])


def _malformed(reason: str) -> AuditIntegrityError:
    return AuditIntegrityError(f"malformed checkpoint: {reason}")


def _valid_name(name: object) -> bool:
    return isinstance(name, str) and name != "" and "+" not in name and not any(c.isspace() for c in name)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: str) -> bytes | None:
    """Strict standard base64: None unless ``text`` is exactly how its bytes encode."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if _b64(data) == text else None
