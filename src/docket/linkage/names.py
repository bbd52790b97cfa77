"""Name normalization for matching: case, accents, compound surnames, suffixes, nicknames, phonetics.

The originals are never changed; these functions derive matching keys from them. Phonetic codes come
from jellyfish's Metaphone (Splink's DuckDB backend has no phonetic function, and jellyfish has no
double metaphone). Codes are kept as lists, one per name token, and "sounds alike" means two lists
intersect, the shape of Splink's dmetaphone level. NYSIIS was tried and dropped: it is too coarse
for given names (JAMES and JOHN share a code), which linked twins.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_SPECIAL = str.maketrans({"ß": "SS", "Ø": "O", "ø": "O", "Ł": "L", "ł": "L", "Đ": "D", "đ": "D",
                          "Æ": "AE", "æ": "AE", "Œ": "OE", "œ": "OE", "ı": "I"})
_NOT_LETTER = re.compile(r"[^A-Z ]+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r" +")

SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV", "V"})
# Surname particles and connectors: not a surname of their own ("DE LA CRUZ", "GARCIA Y LOPEZ").
PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "DA", "DAS", "DO", "DOS", "DI",
                       "VAN", "VON", "DER", "DEN", "LE", "BIN", "BINT", "AL", "EL", "ST"})

# Common nicknames and hypocorisms -> the canonical given name. Deliberately short and unambiguous:
# a nickname that stands for several names (BETO: Alberto or Roberto) is left alone.
NICKNAMES: dict[str, str] = {
    "BILL": "WILLIAM", "BILLY": "WILLIAM", "WILL": "WILLIAM", "WILLY": "WILLIAM", "LIAM": "WILLIAM",
    "BOB": "ROBERT", "BOBBY": "ROBERT", "ROB": "ROBERT", "ROBBIE": "ROBERT", "BERT": "ROBERT",
    "JIM": "JAMES", "JIMMY": "JAMES", "JAMIE": "JAMES", "MIKE": "MICHAEL", "MICKEY": "MICHAEL",
    "DAVE": "DAVID", "DAVEY": "DAVID", "TOM": "THOMAS", "TOMMY": "THOMAS", "JOE": "JOSEPH",
    "JOEY": "JOSEPH", "JOHNNY": "JOHN", "JACK": "JOHN", "DICK": "RICHARD", "RICK": "RICHARD",
    "RICKY": "RICHARD", "RICH": "RICHARD", "CHRIS": "CHRISTOPHER", "MATT": "MATTHEW",
    "DAN": "DANIEL", "DANNY": "DANIEL", "SAM": "SAMUEL", "SAMMY": "SAMUEL", "ALEX": "ALEXANDER",
    "NICK": "NICHOLAS", "STEVE": "STEVEN", "STEPHEN": "STEVEN", "ED": "EDWARD", "EDDIE": "EDWARD",
    "TED": "EDWARD", "CHARLIE": "CHARLES", "CHUCK": "CHARLES", "LARRY": "LAWRENCE",
    "JERRY": "GERALD", "GREG": "GREGORY", "ANDY": "ANDREW", "DREW": "ANDREW", "TONY": "ANTHONY",
    "BEN": "BENJAMIN", "BENNY": "BENJAMIN", "KATE": "KATHERINE", "KATIE": "KATHERINE",
    "KATHY": "KATHERINE", "CATHERINE": "KATHERINE", "LIZ": "ELIZABETH", "BETH": "ELIZABETH",
    "BETTY": "ELIZABETH", "LIZZIE": "ELIZABETH", "PEGGY": "MARGARET", "MAGGIE": "MARGARET",
    "SUE": "SUSAN", "SUSIE": "SUSAN", "JENNY": "JENNIFER", "JEN": "JENNIFER", "PATTY": "PATRICIA",
    "TRISH": "PATRICIA", "ABBY": "ABIGAIL", "PEPE": "JOSE", "CHEPE": "JOSE", "PACO": "FRANCISCO",
    "PANCHO": "FRANCISCO", "CURRO": "FRANCISCO", "LUPE": "GUADALUPE", "MEMO": "GUILLERMO",
    "NACHO": "IGNACIO", "CHUY": "JESUS", "LALO": "EDUARDO", "KIKE": "ENRIQUE", "TONO": "ANTONIO",
    "TOÑO": "ANTONIO", "CHELO": "CONSUELO", "CONCHA": "CONCEPCION", "CONCHITA": "CONCEPCION",
    "LOLA": "DOLORES", "MAITE": "MARIA TERESA", "MARITE": "MARIA TERESA", "CHARO": "ROSARIO",
    "PILI": "PILAR", "RAFA": "RAFAEL", "FITO": "ADOLFO", "POLO": "LEOPOLDO", "GOYO": "GREGORIO",
    "CHEMA": "JOSE MARIA", "JOSEMA": "JOSE MARIA", "SASHA": "ALEXANDER", "MISHA": "MIKHAIL",
}


@lru_cache(maxsize=200_000)
def fold(text: str | None, keep_digits: bool = False) -> str | None:
    """Upper case, accents stripped, anything but letters (and digits) turned into single spaces."""
    if not text:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).upper()
    pattern = _NOT_ALNUM if keep_digits else _NOT_LETTER
    cleaned = _SPACES.sub(" ", pattern.sub(" ", bare.replace("'", ""))).strip()
    return cleaned or None


def split_suffix(folded: str | None) -> tuple[str | None, str | None]:
    """Separate a generational suffix (JR, SR, III) from a folded name: ("SMITH", "JR")."""
    if not folded:
        return None, None
    tokens = folded.split(" ")
    suffix = next((t for t in reversed(tokens) if t in SUFFIXES), None)
    kept = [t for t in tokens if t not in SUFFIXES]
    return (" ".join(kept) or None), suffix


def surname_tokens(folded: str | None) -> list[str] | None:
    """The surnames in a compound family name, particles dropped: "GARCIA DE LA CRUZ" -> [GARCIA, CRUZ]."""
    if not folded:
        return None
    tokens = [t for t in folded.split(" ") if t not in PARTICLES and len(t) > 1]
    return tokens or folded.split(" ")


def join_hyphens(name: str | None) -> str | None:
    """A hyphenated name as one name (Hye-jin, Jean-Pierre, El-Sayed: HYEJIN, ...)."""
    return name.replace("-", "").replace("\u2010", "") if name else name


@lru_cache(maxsize=200_000)
def swap_key(name: str | None) -> str | None:
    """A name field read for comparing name order, the same way whichever field it is in: hyphens
    joined, folded, suffix, particles and initials dropped, its first name, nicknames resolved.

    Swapped name order is seen when each record's given-name key equals the other's family-name
    key, so both must be read by this one function: read as a given name on one side (SLACK-SMITH
    as SLACKSMITH) and as a surname on the other (SLACK), a swap with a compound name was missed.
    Hyphens are joined, not split: split, siblings Hye-jin and Hye-won Kim, one of them written
    family name first, would read as one person's swapped name (HYE KIM against KIM HYE)."""
    folded, _suffix = split_suffix(fold(join_hyphens(name)))
    tokens = surname_tokens(folded)
    return canonical_given(tokens[0]) if tokens else None


def canonical_given(first_token: str | None) -> str | None:
    """The canonical form of a given name's first token (nickname table applied)."""
    if not first_token:
        return None
    return NICKNAMES.get(first_token, first_token).split(" ")[0]


@lru_cache(maxsize=200_000)
def phonetic_codes(token: str | None) -> tuple[str, ...] | None:
    """The phonetic codes of one name token (Metaphone), empty codes dropped."""
    if not token:
        return None
    code = jellyfish.metaphone(token)
    return (code,) if code else None
