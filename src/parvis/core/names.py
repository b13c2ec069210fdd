"""Normalising a person's names the same way whatever the channel (an identity provider's
claims, an agent typing what an ID document prints): pure text rules, no Django.

The text is normalised before it is split into names, so that the separators an ID card or
a keyboard may produce (apostrophe and dash variants, commas, tabs, non-breaking spaces)
all become one space, and ligatures (œ, æ) and accents do not matter.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into ASCII ones.
LIGATURES = str.maketrans({"Œ": "OE", "œ": "OE", "Æ": "AE", "æ": "AE", "ß": "SS", "ẞ": "SS",
                           "Ø": "O", "ø": "O", "Ð": "D", "ð": "D", "Þ": "TH", "þ": "TH",
                           "Ł": "L", "ł": "L", "ı": "I"})
# Anything that is not a letter or a digit separates two names: apostrophes (' ’ ʼ ` ´),
# dashes (- ‐ ‑ – — −), commas, dots, every kind of space.
SEPARATORS = re.compile(r"[^0-9A-Z]+")


def normalise_name(text: str) -> str:
    """Upper-case ASCII words separated by one space: « D’Almeida » and « d'ALMEIDA »
    both give "D ALMEIDA", « Jean-Pierre, Louis » gives "JEAN PIERRE LOUIS"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(SEPARATORS.split(letters.translate(LIGATURES).upper())).strip()
