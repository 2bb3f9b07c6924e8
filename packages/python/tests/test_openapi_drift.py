"""Every operation and shape of the SDK against the committed OpenAPI document
(packages/functions/src/generated/openapi.json, generated from the single route declaration), so
the SDK cannot drift from the API: a renamed, added, removed, retyped or newly required field, a
changed enum, query parameter, path or method fails here."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import datetime
from typing import Any, Literal

import pytest

from rahcp import _operations, models
from rahcp._codec import is_required, optional_inner, type_hints, wire_name
from rahcp._operations import OPERATIONS, Operation

from local_api import REPO_ROOT

DOCUMENT_PATH = REPO_ROOT / "packages" / "functions" / "src" / "generated" / "openapi.json"
DOCUMENT: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text())
METHODS = ("get", "put", "post", "delete", "head", "patch")


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = DOCUMENT["components"]["schemas"][name]
    return schema


def split_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The schema without its null alternative, and whether null was allowed."""
    schema = resolve(schema)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            options = [resolve(s) for s in schema[combinator]]
            rest = [s for s in options if s.get("type") != "null"]
            if len(rest) < len(options):
                return (rest[0] if len(rest) == 1 else {combinator: rest}), True
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        remaining = [k for k in kind if k != "null"]
        return {**schema, "type": remaining[0] if len(remaining) == 1 else remaining}, True
    return schema, False


def as_object(schema: dict[str, Any], where: str) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Properties and required names of an object schema. For ``oneOf`` objects (the grantee
    kinds) their union: every property of any variant, required where every variant requires it,
    each property's alternatives merged."""
    schema = resolve(schema)
    variants = [resolve(s) for s in schema.get("oneOf", [schema])]
    assert all(v.get("type") == "object" for v in variants), f"{where}: not an object schema"
    properties: dict[str, dict[str, Any]] = {}
    for variant in variants:
        for name, prop in variant.get("properties", {}).items():
            properties[name] = merge(properties[name], resolve(prop)) if name in properties else resolve(prop)
    required = set.intersection(*(set(v.get("required", [])) for v in variants))
    return properties, required


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    values = enum_values(a) | enum_values(b)
    assert a.get("type") == b.get("type"), f"variants disagree on the type: {a} vs {b}"
    return {"type": a["type"], "enum": sorted(values)} if values else a


def enum_values(schema: dict[str, Any]) -> set[Any]:
    if "const" in schema:
        return {schema["const"]}
    return set(schema.get("enum", []))


def check(hint: Any, schema: dict[str, Any], where: str) -> None:
    """Raises AssertionError naming the first place where ``hint`` does not describe ``schema``."""
    schema = resolve(schema)
    if dataclasses.is_dataclass(hint) and "anyOf" in schema:
        # A body the API takes in several shapes (set-ACL's two spellings): the SDK's must be one of them.
        failures = []
        for alternative in schema["anyOf"]:
            try:
                check_model(hint, resolve(alternative), where)
                return
            except AssertionError as failure:
                failures.append(str(failure))
        raise AssertionError(f"{where}: {hint.__name__} is none of the API's alternatives: {failures}")
    if dataclasses.is_dataclass(hint):
        check_model(hint, schema, where)
        return
    origin = typing.get_origin(hint)
    kind = schema.get("type")
    if origin is list:
        assert kind == "array", f"{where}: the SDK has a list, the API has {kind or schema}"
        check(typing.get_args(hint)[0], schema["items"], f"{where}[]")
    elif origin is Literal:
        assert kind == "string", f"{where}: the SDK has a Literal, the API has {kind}"
        assert set(typing.get_args(hint)) == enum_values(
            schema
        ), f"{where}: the SDK allows {sorted(typing.get_args(hint))}, the API {sorted(enum_values(schema))}"
    elif hint is datetime:
        assert kind == "string" and schema.get("format") == "date-time", f"{where}: the API has no date-time here"
    elif hint is str:
        plain = kind == "string" and not enum_values(schema) and schema.get("format") in (None, "uri", "email")
        assert plain, f"{where}: the SDK has str, the API has {schema}"
    elif hint is int:
        assert kind in ("integer", "number"), f"{where}: the SDK has int, the API has {kind}"
    elif hint is bool:
        assert kind == "boolean", f"{where}: the SDK has bool, the API has {kind}"
    else:
        raise AssertionError(f"{where}: no rule for {hint!r}")


def check_model(cls: type, schema: dict[str, Any], where: str) -> None:
    properties, required = as_object(schema, where)
    fields = {wire_name(f): f for f in dataclasses.fields(cls)}
    assert set(fields) == set(
        properties
    ), f"{where} ({cls.__name__}): the SDK has fields {sorted(fields)}, the API {sorted(properties)}"
    hints = type_hints(cls)
    for name, field in fields.items():
        at = f"{where}.{name}"
        hint = hints[field.name]
        inner = optional_inner(hint)
        assert is_required(field) == (name in required), (
            f"{at}: {'required' if name in required else 'optional'} in the API, "
            f"{'required' if is_required(field) else 'optional'} in {cls.__name__}"
        )
        property_schema, nullable = split_null(properties[name])
        if is_required(field):
            assert (
                inner is not None
            ) == nullable, f"{at}: nullable is {nullable} in the API, {inner is not None} in the SDK"
        else:
            assert inner is not None and field.default is None, f"{at}: an optional field must default to None"
        check(inner if inner is not None else hint, property_schema, at)


def documented_operations() -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation that needs a token (the documentation routes need none)."""
    return {
        (method.upper(), path): operation
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if method in METHODS and operation.get("security")
    }


DOCUMENTED = documented_operations()


def test_the_sdk_covers_every_documented_operation() -> None:
    ours: set[tuple[str, str]] = {(op.method, op.path) for op in OPERATIONS}
    missing = sorted(f"{m} {p} ({DOCUMENTED[(m, p)].get('operationId')})" for m, p in set(DOCUMENTED) - ours)
    unknown = sorted(f"{m} {p}" for m, p in ours - set(DOCUMENTED))
    assert not missing, f"operations the API documents and the Python SDK lacks: {missing}"
    assert not unknown, f"operations the Python SDK calls that the API does not document: {unknown}"


def test_every_operation_is_in_the_table() -> None:
    declared = [v for v in vars(_operations).values() if isinstance(v, Operation)]
    assert sorted(map(str, declared)) == sorted(map(str, OPERATIONS))


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_operation_matches_the_document(operation: Operation) -> None:
    check_operation(operation)


def check_operation(operation: Operation) -> None:
    """Raises AssertionError naming the first difference between ``operation`` and the document:
    query and path parameters, the request body, and every documented success status with its body
    (the primary one as ``result``, the others, e.g. 202, in ``other_results``)."""
    documented = DOCUMENTED[(operation.method, operation.path)]
    where = f"{operation} ({documented.get('operationId')})"
    parameters = documented.get("parameters", [])
    query = {p["name"] for p in parameters if p["in"] == "query"}
    assert (
        set(operation.query) == query
    ), f"{where}: query parameters {sorted(operation.query)} vs the API's {sorted(query)}"
    path_parameters = {p["name"] for p in parameters if p["in"] == "path"}
    assert path_parameters == set(_placeholders(operation.path)), f"{where}: path parameters"

    body = documented.get("requestBody")
    if operation.body is None:
        assert body is None, f"{where}: the API takes a request body the SDK does not send"
    else:
        assert body is not None and body.get("required"), f"{where}: the API takes no required body"
        check(operation.body, body["content"]["application/json"]["schema"], f"{where} request")

    success = sorted(code for code in documented["responses"] if code.startswith("2"))
    others = {str(status): model for status, model in operation.other_results}
    assert set(others) <= set(
        success
    ), f"{where}: the SDK expects success statuses {sorted(others)}, the API has {success}"
    primary = [code for code in success if code not in others]
    assert len(primary) == 1, (
        f"{where}: the API has success statuses {success}; the SDK decodes {sorted(others) or 'no other'} "
        "besides its primary result (declare the others in other_results)"
    )
    expected: dict[str, type[models.Model] | None] = {primary[0]: operation.result, **others}
    for code, model in expected.items():
        content = documented["responses"][code].get("content", {})
        if model is None:
            assert "application/json" not in content, f"{where}: the API answers a JSON body the SDK ignores"
        else:
            assert "application/json" in content, f"{where} {code}: the API answers no JSON body"
            check(model, content["application/json"]["schema"], f"{where} {code}")


def test_error_bodies_carry_what_the_errors_expose() -> None:
    properties, required = as_object(DOCUMENT["components"]["schemas"]["ErrorResponse"], "ErrorResponse")
    assert {"detail", "code", "request_id"} <= required <= set(properties)


def test_the_check_itself_catches_drift() -> None:
    """The checker must fail on the kinds of drift it exists for (else it proves nothing)."""

    @dataclasses.dataclass(frozen=True)
    class Renamed(models.Model):
        name: str
        created: datetime | None

    @dataclasses.dataclass(frozen=True)
    class NotNullable(models.Model):
        name: str
        creation_date: datetime

    @dataclasses.dataclass(frozen=True)
    class WrongType(models.Model):
        name: int
        creation_date: datetime | None

    @dataclasses.dataclass(frozen=True)
    class NotRequired(models.Model):
        name: str
        creation_date: datetime | None = None

    schema = {"$ref": "#/components/schemas/BucketSummary"}
    for wrong in (Renamed, NotNullable, WrongType, NotRequired):
        with pytest.raises(AssertionError):
            check(wrong, schema, wrong.__name__)
    with pytest.raises(AssertionError, match="allows"):
        check(Literal["Enabled"], {"$ref": "#/components/schemas/VersioningStatus"}, "status")
    check(models.BucketSummary, schema, "BucketSummary")  # and passes on the real one


def test_the_check_covers_every_success_status() -> None:
    """A second success answer (force delete's 202) the SDK does not decode, or decodes into the
    wrong model, fails like a drifted primary result."""
    delete = _operations.DELETE_BUCKET
    check_operation(delete)
    with pytest.raises(AssertionError, match="other_results"):
        check_operation(dataclasses.replace(delete, other_results=()))
    with pytest.raises(AssertionError, match="202"):
        check_operation(dataclasses.replace(delete, other_results=((202, models.DeleteBucketResponse),)))
    with pytest.raises(AssertionError, match="success statuses"):
        undocumented = ((202, models.ForceDeleteProgress), (204, models.DeleteBucketResponse))
        check_operation(dataclasses.replace(delete, other_results=undocumented))
    with pytest.raises(AssertionError, match="200"):
        check_operation(dataclasses.replace(delete, result=models.BucketMutationResponse))


def _placeholders(template: str) -> list[str]:
    return [part[1:-1] for part in template.split("/") if part.startswith("{")]
