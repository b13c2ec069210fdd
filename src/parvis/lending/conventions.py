"""Loan conventions: a text with placeholders such as {member} or {serial}, filled in for
each loan. Pure module (no Django), so that it is easy to test and reuse.

Placeholders use Python's braces syntax: "{device}" is replaced, "{{" and "}}" write a
literal brace. Only the names of PLACEHOLDERS are allowed, without attribute access,
index, conversion or format ("{member.email}", "{serial!r}", "{start:%Y}" are refused), so
that filling a template in can neither fail nor reach anything but the given texts.
"""

import hashlib
from collections.abc import Mapping
from string import Formatter

PLACEHOLDERS = ("member", "pseudonym", "device", "serial", "accessories", "start", "end",
                "panel")


class MalformedTemplate(ValueError):
    """A brace that is not closed, or closed without being opened."""


def _fields(body: str):
    try:
        return list(Formatter().parse(body))
    except ValueError as error:
        raise MalformedTemplate(str(error)) from error


def unknown_placeholders(body: str) -> list[str]:
    """The placeholders of `body` that are not allowed, as written ("{nom}"), in order
    and once each; raises MalformedTemplate when a brace is unbalanced."""
    unknown = []
    for _literal, name, format_spec, conversion in _fields(body):
        if name is None or (name in PLACEHOLDERS and not format_spec and not conversion):
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (
            f":{format_spec}" if format_spec else "") + "}"
        if written not in unknown:
            unknown.append(written)
    return unknown


def render(body: str, values: Mapping[str, str]) -> str:
    """`body` with each placeholder replaced by its value; the body must have been checked
    with `unknown_placeholders` (a missing value raises KeyError)."""
    return "".join(
        literal + (values[name] if name is not None else "")
        for literal, name, _spec, _conversion in _fields(body)
    )


def fingerprint(text: str) -> str:
    """SHA-256 of the rendered text: what was accepted can be proven unchanged."""
    return hashlib.sha256(text.encode()).hexdigest()
