"""A validator of CSV files against a Table Schema (https://specs.frictionlessdata.io/
table-schema/), for the types and constraints the datasets use: string, integer, number,
boolean, date and datetime (ISO 8601 lexical forms); required, unique, enum, minimum,
maximum; primaryKey; missingValues. It returns the errors, the empty list when the file is
valid."""

import csv
import io
import math
import re
from datetime import date, datetime

TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}
INTEGER = re.compile(r"[+-]?\d+\Z")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?\Z")


def descriptor_errors(schema: dict) -> list[str]:
    errors = []
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return ["the schema has no fields"]
    names = [field.get("name") for field in fields]
    if len(set(names)) != len(names):
        errors.append("field names are not unique")
    for field in fields:
        if not isinstance(field.get("name"), str) or not field["name"]:
            errors.append(f"a field has no name: {field}")
        if field.get("type", "string") not in TYPES:
            errors.append(f"{field.get('name')}: unknown type {field.get('type')!r}")
    keys = schema.get("primaryKey", [])
    for key in [keys] if isinstance(keys, str) else keys:
        if key not in names:
            errors.append(f"primaryKey {key!r} is not a field")
    return errors


def cast(kind: str, text: str):
    """The value of `text` as a `kind`; ValueError if it is not one."""
    if kind == "string":
        return text
    if kind == "integer":
        if not INTEGER.match(text):
            raise ValueError
        return int(text)
    if kind == "number":
        if not NUMBER.match(text) or not math.isfinite(float(text)):
            raise ValueError
        return float(text)
    if kind == "boolean":
        if text not in {"true", "false", "True", "False", "TRUE", "FALSE", "1", "0"}:
            raise ValueError
        return text in {"true", "True", "TRUE", "1"}
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            raise ValueError
        return date.fromisoformat(text)
    if kind == "datetime":
        if not DATETIME.match(text):
            raise ValueError
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    raise ValueError(kind)


def errors(schema: dict, content: str) -> list[str]:
    """What is wrong with the CSV `content` (header first) against `schema`."""
    found = descriptor_errors(schema)
    if found:
        return found
    fields = schema["fields"]
    missing = set(schema.get("missingValues", [""]))
    keys = schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else list(keys)
    reader = csv.reader(io.StringIO(content, newline=""))
    header = next(reader, None)
    names = [field["name"] for field in fields]
    if header != names:
        return [f"header {header} is not the schema's fields {names}"]
    seen = {field["name"]: set() for field in fields}
    seen_keys = set()
    for number, row in enumerate(reader, start=2):
        if len(row) != len(fields):
            found.append(f"row {number}: {len(row)} cells for {len(fields)} fields")
            continue
        values = {}
        for field, text in zip(fields, row, strict=True):
            name, constraints = field["name"], field.get("constraints", {})
            if text in missing:
                values[name] = None
                if constraints.get("required") or name in keys:
                    found.append(f"row {number}, {name}: required value missing")
                continue
            try:
                value = values[name] = cast(field.get("type", "string"), text)
            except ValueError:
                found.append(f"row {number}, {name}: {text!r} is not a {field.get('type')}")
                continue
            if "enum" in constraints and text not in constraints["enum"]:
                found.append(f"row {number}, {name}: {text!r} is not one of the enum")
            if "minimum" in constraints and value < constraints["minimum"]:
                found.append(f"row {number}, {name}: {text} is below the minimum")
            if "maximum" in constraints and value > constraints["maximum"]:
                found.append(f"row {number}, {name}: {text} is above the maximum")
            if constraints.get("unique"):
                if value in seen[name]:
                    found.append(f"row {number}, {name}: {text!r} is not unique")
                seen[name].add(value)
        if keys:
            key = tuple(values.get(name) for name in keys)
            if key in seen_keys:
                found.append(f"row {number}: primary key {key} is not unique")
            seen_keys.add(key)
    return found
