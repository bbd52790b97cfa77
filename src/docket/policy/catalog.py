"""The packs shipped with Docket, under ``docket/policy/packs/NAME.yaml``."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from docket.errors import Invalid, NotFound
from docket.policy.pack import PolicyPack, load_pack

DEFAULT_PACK = "dhs-2021"


def _packs_dir() -> Traversable:
    return files("docket.policy").joinpath("packs")


def packs_available() -> tuple[str, ...]:
    """Names of the bundled packs (the file name without ``.yaml``)."""
    return tuple(
        sorted(entry.name.removesuffix(".yaml") for entry in _packs_dir().iterdir() if entry.name.endswith(".yaml"))
    )


def load_named(name: str = DEFAULT_PACK) -> PolicyPack:
    """Load a bundled pack by name; its ``name`` field must match its file name."""
    if name not in packs_available():
        raise NotFound(f"no policy pack named {name!r} (available: {', '.join(packs_available())})")
    text = _packs_dir().joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    pack = load_pack(text)
    if pack.name != name:
        raise Invalid(f"policy pack file {name}.yaml declares name {pack.name!r}")
    return pack
