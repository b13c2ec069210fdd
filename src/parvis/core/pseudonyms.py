"""Pseudonyms that look alike: normal form and confusable skeleton (Unicode TS #39).

`normalise` is what is stored: NFKC (full-width and styled letters become plain ones),
without invisible characters (zero-width spaces and joiners, direction marks, variation
selectors, fillers…), with single spaces. `skeleton` is what is compared: two pseudonyms
with the same skeleton read the same to the eye ("Paul", "PauI", "Раul" with a Cyrillic Р,
"paul" with a zero-width space), so a new one is refused when its skeleton is taken.

The confusable pairs are Unicode's (confusables.txt), as shipped by the
confusable-homoglyphs package. Each pair links a character to its prototype; the
characters linked to one prototype are mapped to one representative.
"""

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import confusable_homoglyphs

DIRECTION_MARKS = "\u200e\u200f"
# Default-ignorable code points outside the "format" and "control" categories.
IGNORABLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0,
             *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}


def is_invisible(char: str) -> bool:
    return unicodedata.category(char) in {"Cf", "Cc", "Co", "Cs", "Cn"} or ord(char) in IGNORABLE


def normalise(pseudonym: str) -> str:
    text = unicodedata.normalize("NFKC", pseudonym)
    text = "".join(char for char in text if char.isspace() or not is_invisible(char))
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Each confusable character, mapped to the representative of its group."""
    path = Path(confusable_homoglyphs.__file__).with_name("confusables.json")
    pairs = json.loads(path.read_text(encoding="utf-8"))
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for source, entries in pairs.items():
        for entry in entries:
            first = root(source.strip(DIRECTION_MARKS))
            second = root(entry["c"].strip(DIRECTION_MARKS))
            if first != second:
                keep, drop = sorted((first, second), key=_preference)
                parent[drop] = keep
    return {node: root(node) for node in parent if len(node) == 1 and root(node) != node}


def _preference(node: str) -> tuple:
    """The representative of a group: its prototype when that is a sequence ("rn" for
    "m"), else preferably a plain ASCII letter, lower case first, then the smallest."""
    return (len(node) == 1, not node.isascii(), not node.isalpha(), not node.islower(), node)


def _map(text: str) -> str:
    prototypes = _prototypes()
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in text))


def skeleton(pseudonym: str) -> str:
    """The form compared for look-alikes. Mapped before case folding ("I" looks like "l",
    "i" does not) and again after it ("M" folds to "m", which looks like "rn"); pseudonyms
    that differ only by case are compared as they are, case-insensitively."""
    return _map(_map(normalise(pseudonym)).casefold())
