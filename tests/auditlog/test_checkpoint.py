"""Signed checkpoints in the C2SP signed-note / tlog-checkpoint format, and key files."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from docket.auditlog import (
    generate_key,
    key_id,
    leaf_hash,
    load_key,
    load_public_key,
    parse_checkpoint,
    save_key,
    save_public_key,
    sign_checkpoint,
    sign_note,
    verify_checkpoint,
)
from docket.errors import AuditIntegrityError, ConfigError, Invalid

from .factories import ORIGIN

ROOT = leaf_hash(b"root")

# The reference note of golang.org/x/mod/sumdb/note: key "PeterNeumann", id c74f20a3.
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_SIGNATURE = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="


def test_the_go_reference_note_is_reproduced_byte_for_byte() -> None:
    seed = base64.b64decode(GO_SIGNER.split("+", 4)[4])[1:]
    key = Ed25519PrivateKey.from_private_bytes(seed)
    assert key_id("PeterNeumann", key.public_key()).hex() == "c74f20a3"
    assert sign_note(key, "PeterNeumann", GO_TEXT) == f"{GO_TEXT}\n\u2014 PeterNeumann {GO_SIGNATURE}\n"


def test_a_signed_checkpoint_has_the_tlog_layout_and_verifies() -> None:
    key = generate_key()
    text = sign_checkpoint(key, ORIGIN, 42, ROOT)
    body, _, signature_line = text.partition("\n\n")
    assert body == f"{ORIGIN}\n42\n{base64.b64encode(ROOT).decode()}"
    assert signature_line.startswith(f"\u2014 {ORIGIN} ") and signature_line.endswith("\n")
    blob = base64.b64decode(signature_line.split(" ")[2])
    assert len(blob) == 68 and blob[:4] == key_id(ORIGIN, key.public_key())
    checkpoint = verify_checkpoint(text, key.public_key(), ORIGIN)
    assert (checkpoint.origin, checkpoint.size, checkpoint.root) == (ORIGIN, 42, ROOT)
    assert parse_checkpoint(text) == checkpoint


def test_a_key_name_other_than_the_origin() -> None:
    key = generate_key()
    text = sign_checkpoint(key, ORIGIN, 0, ROOT, key_name="docket-log-2024")
    assert verify_checkpoint(text, key.public_key(), "docket-log-2024").size == 0
    with pytest.raises(AuditIntegrityError, match="not signed by key"):
        verify_checkpoint(text, key.public_key(), ORIGIN)


def test_signatures_by_unknown_keys_are_ignored_but_a_bad_known_one_rejects() -> None:
    key, witness = generate_key(), generate_key()
    text = sign_checkpoint(key, ORIGIN, 5, ROOT)
    cosigned = text + sign_note(witness, "witness.example", parse_checkpoint(text).body).split("\n\n")[1]
    assert len(parse_checkpoint(cosigned).signatures) == 2
    assert verify_checkpoint(cosigned, key.public_key(), ORIGIN).size == 5
    line = text.split("\n\n")[1]
    blob = bytearray(base64.b64decode(line.split(" ")[2]))
    blob[10] ^= 1
    forged = text.replace(line, f"\u2014 {ORIGIN} {base64.b64encode(bytes(blob)).decode()}\n")
    with pytest.raises(AuditIntegrityError, match="does not verify"):
        verify_checkpoint(forged, key.public_key(), ORIGIN)


def test_another_key_under_the_same_name_is_refused_by_key_id() -> None:
    text = sign_checkpoint(generate_key(), ORIGIN, 5, ROOT)
    with pytest.raises(AuditIntegrityError, match="not signed by key"):
        verify_checkpoint(text, generate_key().public_key(), ORIGIN)


def test_an_altered_body_fails_the_signature() -> None:
    key = generate_key()
    text = sign_checkpoint(key, ORIGIN, 5, ROOT)
    with pytest.raises(AuditIntegrityError, match="does not verify"):
        verify_checkpoint(text.replace("\n5\n", "\n6\n"), key.public_key(), ORIGIN)


GOOD = sign_checkpoint(generate_key(), ORIGIN, 5, ROOT)
ROOT_B64 = base64.b64encode(ROOT).decode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        GOOD.replace("\n\n", "\n"),
        GOOD[:-1],
        GOOD.replace("\u2014", "--"),
        GOOD.replace("\n5\n", "\n05\n"),
        GOOD.replace("\n5\n", "\n-5\n"),
        GOOD.replace("\n5\n", "\nfive\n"),
        GOOD.replace(ROOT_B64, ROOT_B64[:-4]),
        GOOD.replace(ROOT_B64, ROOT_B64.rstrip("=")),
        GOOD.replace(f"{ORIGIN}\n5\n", "5\n"),
        GOOD.replace(f"{ORIGIN}\n", f"{ORIGIN}\t\n"),
        GOOD.replace(f"\u2014 {ORIGIN} ", f"\u2014 {ORIGIN}+x "),
        GOOD.replace(f"\u2014 {ORIGIN} ", "\u2014 "),
        GOOD + "trailing\n",
        GOOD + "\u2014 other AAAA\n",
        GOOD + "".join(f"\u2014 w{i} " + base64.b64encode(bytes(68)).decode() + "\n" for i in range(100)),
    ],
)
def test_malformed_checkpoints_are_integrity_errors(text: str) -> None:
    with pytest.raises(AuditIntegrityError, match="malformed checkpoint"):
        parse_checkpoint(text)


def test_signing_refuses_bad_arguments() -> None:
    key = generate_key()
    for origin, size, root, name in [
        ("", 1, ROOT, None),
        ("a\nb", 1, ROOT, None),
        (ORIGIN, -1, ROOT, None),
        (ORIGIN, 1, ROOT[:31], None),
        (ORIGIN, 1, ROOT, "has space"),
        (ORIGIN, 1, ROOT, "a+b"),
    ]:
        with pytest.raises(Invalid):
            sign_checkpoint(key, origin, size, root, key_name=name)


@pytest.mark.parametrize("raw", [False, True])
def test_keys_are_saved_private_and_load_back(tmp_path: Path, raw: bool) -> None:
    key = generate_key()
    path = tmp_path / "audit.key"
    save_key(key, path, raw=raw)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = sign_checkpoint(load_key(path), ORIGIN, 1, ROOT)
    assert verify_checkpoint(text, key.public_key(), ORIGIN).size == 1
    with pytest.raises(ConfigError, match="exists"):
        save_key(generate_key(), path)


def test_public_keys_round_trip(tmp_path: Path) -> None:
    key = generate_key()
    save_public_key(key.public_key(), tmp_path / "audit.pub")
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    (tmp_path / "raw.pub").write_bytes(raw)
    text = sign_checkpoint(key, ORIGIN, 1, ROOT)
    for name in ("audit.pub", "raw.pub"):
        assert verify_checkpoint(text, load_public_key(tmp_path / name), ORIGIN).size == 1


def test_unusable_key_files_are_config_errors(tmp_path: Path) -> None:
    loose = tmp_path / "loose.key"
    save_key(generate_key(), loose)
    os.chmod(loose, 0o644)
    junk = tmp_path / "junk.key"
    junk.write_bytes(b"not a key")
    junk.chmod(0o600)
    for path in (loose, junk, tmp_path / "absent.key"):
        with pytest.raises(ConfigError):
            load_key(path)
    with pytest.raises(ConfigError):
        load_public_key(junk)
