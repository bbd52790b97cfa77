"""Plain factory functions for linkage tests: records, and a small noisy synthetic population."""

from __future__ import annotations

import random
from typing import Any

import pandas as pd

GIVEN_F = ["María", "Ana", "Lucía", "Carmen", "Rosa", "Elena", "Guadalupe", "Patricia", "Sofía",
           "Isabel", "Linh", "Mai", "Fatima", "Aisha", "Olga", "Svetlana", "Mary", "Jennifer",
           "Elizabeth", "Susan", "Margaret", "Priya", "Grace", "Teresa", "Dolores", "Yesenia"]
GIVEN_M = ["José", "Juan", "Luis", "Carlos", "Jesús", "Francisco", "Miguel", "Antonio", "Pedro",
           "Jorge", "Eduardo", "Guillermo", "Minh", "Tuan", "Mohammed", "Ahmed", "Ivan", "Dmitri",
           "William", "Robert", "James", "Michael", "Joseph", "Richard", "Rajesh", "Samuel"]
FAMILY = ["García", "López", "Martínez", "Rodríguez", "Hernández", "González", "Pérez", "Sánchez",
          "Ramírez", "Flores", "Cruz", "Gómez", "Díaz", "Reyes", "Morales", "Nguyen", "Tran", "Le",
          "Pham", "Khan", "Ali", "Hussain", "Ivanov", "Petrov", "Smith", "Johnson", "Williams",
          "Brown", "Jones", "Miller", "Davis", "Wilson", "Patel", "Singh", "Kim", "Park", "Chen",
          "Wang", "Okafor", "Mensah", "Castillo", "Vargas", "Romero", "Herrera", "Medina", "Aguilar"]
NICK = {"William": "Bill", "Robert": "Bob", "James": "Jim", "Michael": "Mike", "Joseph": "Joe",
        "José": "Pepe", "Francisco": "Paco", "Guadalupe": "Lupe", "Guillermo": "Memo",
        "Elizabeth": "Liz", "Richard": "Rick", "Jesús": "Chuy", "Eduardo": "Lalo"}
CITIES = [("Houston", "TX", "770"), ("Miami", "FL", "331"), ("Chicago", "IL", "606"),
          ("Los Angeles", "CA", "900"), ("Phoenix", "AZ", "850"), ("Newark", "NJ", "071")]
STREETS = ["Main St", "Oak Ave", "Maple Dr", "Pine Rd", "Cedar Ln", "Elm St", "2nd Ave", "Park Blvd"]


def record(key: int, **fields: Any) -> dict[str, Any]:
    """One linkage input row; unspecified identity fields are missing."""
    base: dict[str, Any] = {"key": key, "source": "test", "record_id": f"r{key}",
                            "kind": "identity", "protected_status": None, "adverse": False}
    return {**base, **fields}


def frame(*records: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(records))


def _person(rng: random.Random, pid: int) -> dict[str, Any]:
    sex = rng.choice("MF")
    family = rng.choice(FAMILY)
    if rng.random() < 0.3:
        family = f"{family} {rng.choice(FAMILY)}"
    city, state, zip3 = rng.choice(CITIES)
    return {
        "pid": pid, "sex": sex, "given_name": rng.choice(GIVEN_M if sex == "M" else GIVEN_F),
        "middle_name": rng.choice(GIVEN_M + GIVEN_F) if rng.random() < 0.4 else None,
        "family_name": family,
        "date_of_birth": f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "a_number": f"{rng.randint(0, 999_999_999):09d}" if rng.random() < 0.7 else None,
        "passport_number": f"{rng.choice('ABCXYZ')}{rng.randint(1_000_000, 9_999_999)}"
        if rng.random() < 0.5 else None,
        "passport_country": rng.choice(["MEX", "GTM", "HND", "VNM", "IND", "PHL"]),
        "address": f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", "city": city, "state": state,
        "postal_code": f"{zip3}{rng.randint(10, 99)}",
        "phone": f"{rng.randint(200, 999)}{rng.randint(1_000_000, 9_999_999)}"
        if rng.random() < 0.5 else None,
        "protected_status": rng.choice([None, None, None, "us_citizen", "lawful_permanent_resident"]),
    }


def _typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("aeiourlns") + text[i + 1:]


def _noisy_name(rng: random.Random, p: dict[str, Any], rec: dict[str, Any]) -> None:
    roll = rng.random()
    if roll < 0.1 and p["given_name"] in NICK:
        rec["given_name"] = NICK[p["given_name"]]
    elif roll < 0.18:
        rec["given_name"] = _typo(rng, p["given_name"])
    elif roll < 0.26:
        rec["family_name"] = _typo(rng, p["family_name"])
    elif roll < 0.34 and " " in p["family_name"]:
        rec["family_name"] = rng.choice([p["family_name"].replace(" ", "-"), p["family_name"].split()[0]])
    elif roll < 0.36:
        rec["given_name"], rec["family_name"] = p["family_name"], p["given_name"]
    if rng.random() < 0.3:
        rec["given_name"] = rec["given_name"].upper()
        rec["family_name"] = rec["family_name"].upper()


def _noisy_dob(rng: random.Random, dob: str) -> str | None:
    y, m, d = dob.split("-")
    roll = rng.random()
    if roll < 0.04 and int(d) <= 12:
        return f"{y}-{d}-{m}"
    if roll < 0.07:
        return f"{int(y) + rng.choice([-1, 1])}-{m}-{d}"
    if roll < 0.09:
        return None
    return dob


def _observe(rng: random.Random, p: dict[str, Any], key: int) -> dict[str, Any]:
    rec = record(key, **{k: v for k, v in p.items() if k not in ("pid", "protected_status")})
    _noisy_name(rng, p, rec)
    rec["date_of_birth"] = _noisy_dob(rng, p["date_of_birth"])
    for name in ("middle_name", "a_number", "passport_number", "phone", "address", "sex"):
        if rng.random() < 0.3:
            rec[name] = None
    if rng.random() < 0.25:
        city, state, zip3 = rng.choice(CITIES)
        rec.update(address=f"{rng.randint(1, 9999)} {rng.choice(STREETS)}", city=city, state=state,
                   postal_code=f"{zip3}{rng.randint(10, 99)}")
    if rec["a_number"] and rng.random() < 0.02:
        rec["a_number"] = _typo_digit(rng, rec["a_number"])
    if p["protected_status"] and rng.random() < 0.3:
        rec["protected_status"] = p["protected_status"]
    rec["adverse"] = rng.random() < 0.1 and not p["protected_status"]
    return rec


def _typo_digit(rng: random.Random, digits: str) -> str:
    i = rng.randrange(9)
    return digits[:i] + str((int(digits[i]) + 1) % 10) + digits[i + 1:]


def population(persons: int, seed: int = 0) -> tuple[pd.DataFrame, dict[int, int]]:
    """A noisy population with twins and Jr/Sr pairs: (records frame, truth {key: person})."""
    rng = random.Random(seed)
    people = [_person(rng, pid) for pid in range(persons)]
    for i in range(0, persons - 1, 25):  # every 25th person has a twin
        twin = dict(people[i], pid=people[i + 1]["pid"])
        others = [g for g in GIVEN_F + GIVEN_M if g[0] != people[i]["given_name"][0]]
        twin.update(given_name=rng.choice(others),
                    a_number=f"{rng.randint(0, 999_999_999):09d}" if twin["a_number"] else None,
                    passport_number=None, phone=None)
        people[i + 1] = twin
    rows, truth = [], {}
    for p in people:
        for _ in range(rng.choice([1, 2, 2, 3, 4])):
            key = len(rows) + 1
            rows.append(_observe(rng, p, key))
            truth[key] = p["pid"]
    return pd.DataFrame(rows), truth
