"""JSON <-> the dataclasses of :mod:`rahcp.models`, driven by their type hints.

Decoding is strict about structure (a missing required field or a wrong JSON type is an invalid
response) and lenient about growth (unknown fields are ignored, and a ``Literal`` accepts new
values of its type), so a newer server does not break an older client.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import datetime, timezone
from typing import Any, Literal, TypeVar, Union

T = TypeVar("T")


class DecodeError(ValueError):
    """The JSON does not have the shape of the expected type; the message names the field."""


def wire_name(field: dataclasses.Field[Any]) -> str:
    """The field's name in JSON: ``metadata["wire"]`` when set (e.g. ``ID``), else its own name."""
    name = field.metadata.get("wire", field.name)
    assert isinstance(name, str)
    return name


def is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


@functools.cache
def type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def optional_inner(hint: Any) -> Any | None:
    """``X`` for ``X | None`` (or ``Optional[X]``); None when the hint is not optional."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
    return None


def decode(hint: type[T], value: Any, where: str = "response") -> T:
    return typing.cast(T, _decode(hint, value, where))


def _decode(hint: Any, value: Any, where: str) -> Any:
    inner = optional_inner(hint)
    if inner is not None:
        return None if value is None else _decode(inner, value, where)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _decode_dataclass(hint, value, where)
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            raise DecodeError(f"{where} must be an array, got {_json_type(value)}")
        (item,) = typing.get_args(hint)
        return [_decode(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is Literal:
        kinds = {type(arg) for arg in typing.get_args(hint)}
        if type(value) not in kinds:
            raise DecodeError(f"{where} must be a {_names(kinds)}, got {_json_type(value)}")
        return value
    if hint is datetime:
        if not isinstance(value, str):
            raise DecodeError(f"{where} must be a date-time string, got {_json_type(value)}")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise DecodeError(f"{where} is not an ISO 8601 date-time: {value!r}") from None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)
    if hint is int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise DecodeError(f"{where} must be an integer, got {_json_type(value)}")
        return value
    if hint in (str, bool):
        if type(value) is not hint:
            raise DecodeError(f"{where} must be a {_names({hint})}, got {_json_type(value)}")
        return value
    raise TypeError(f"rahcp cannot decode into {hint!r} (at {where})")


def _decode_dataclass(cls: type, value: Any, where: str) -> Any:
    if not isinstance(value, dict):
        raise DecodeError(f"{where} must be an object, got {_json_type(value)}")
    hints = type_hints(cls)
    arguments: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = wire_name(field)
        if name in value:
            arguments[field.name] = _decode(hints[field.name], value[name], f"{where}.{name}")
        elif is_required(field):
            raise DecodeError(f"{where}.{name} is missing")
    return cls(**arguments)


def encode(value: Any) -> Any:
    """A model (or list, or plain value) as JSON-ready data in the API's wire format. Optional
    fields left at None are omitted; required ones are sent as null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None and not is_required(field):
                continue
            data[wire_name(field)] = encode(item)
        return data
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
    return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__


def _names(kinds: set[type]) -> str:
    labels = {str: "string", bool: "boolean", int: "integer", float: "number"}
    return " or ".join(sorted(labels.get(k, k.__name__) for k in kinds))
