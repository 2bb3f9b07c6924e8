"""The API's request and response shapes as frozen dataclasses.

Attribute names are the API's snake_case JSON fields; where the API uses S3's PascalCase (the ACL
structures) the attribute is snake_case and ``metadata["wire"]`` keeps the JSON name. Date-times
are timezone-aware :class:`~datetime.datetime` objects. ``tests/test_openapi_drift.py`` checks
every shape here against the committed OpenAPI document: names, required fields, nullability,
types and enum values.

Every model has ``to_json()`` (the API's JSON) and ``from_json(data)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal, TypeVar

from ._codec import decode, encode

__all__ = [
    "Model",
    "BucketSummary",
    "BucketOwner",
    "ListBucketsResponse",
    "BucketMutationResponse",
    "DeleteBucketResponse",
    "ForceDeleteProgress",
    "VersioningStatus",
    "MfaDeleteStatus",
    "BucketVersioningResponse",
    "VersioningMutationResponse",
    "ObjectSummary",
    "ListObjectsResponse",
    "ObjectVersion",
    "DeleteMarker",
    "VersionEntry",
    "ListVersionsResponse",
    "MultipartUploadSummary",
    "ListUploadsResponse",
    "AclPermission",
    "GranteeType",
    "AclGrantee",
    "AclGrant",
    "AclOwner",
    "AclResponse",
    "Owner",
    "AclPolicy",
    "CreateBucketRequest",
    "SetVersioningRequest",
    "Permission",
    "EffectiveGrant",
    "MeResponse",
]

M = TypeVar("M", bound="Model")


def _wire(name: str) -> dict[str, str]:
    """Field metadata: the JSON name, where it differs from the attribute name."""
    return {"wire": name}


class Model:
    """Base of every API shape."""

    __slots__ = ()

    @classmethod
    def from_json(cls: type[M], data: Any) -> M:
        """Builds the model from the API's JSON (a parsed ``dict``); ValueError names a bad field."""
        return decode(cls, data, cls.__name__)

    def to_json(self) -> dict[str, Any]:
        """The model as the API's JSON (a ``dict`` ready for ``json.dumps``)."""
        data = encode(self)
        assert isinstance(data, dict)
        return data


# --- buckets -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BucketSummary(Model):
    name: str
    creation_date: datetime | None


@dataclass(frozen=True, slots=True)
class BucketOwner(Model):
    display_name: str | None
    id: str | None


@dataclass(frozen=True, slots=True)
class ListBucketsResponse(Model):
    """``GET /api/v1/buckets``: one page of the buckets the caller may read, in name order, and
    their owner (None if unknown); pass ``next_continuation_token`` on to get the next page."""

    buckets: list[BucketSummary]
    owner: BucketOwner | None
    is_truncated: bool
    next_continuation_token: str | None

    def __iter__(self) -> Iterator[BucketSummary]:
        """Iterating the response iterates this page's buckets: ``for bucket in await s3.list_buckets()``."""
        return iter(self.buckets)

    def __len__(self) -> int:
        return len(self.buckets)

    @property
    def names(self) -> list[str]:
        """This page's bucket names, in the API's order."""
        return [bucket.name for bucket in self.buckets]


@dataclass(frozen=True, slots=True)
class BucketMutationResponse(Model):
    """Create and set-ACL answers: what happened to which bucket."""

    status: Literal["created", "deleted", "updated"]
    bucket: str


@dataclass(frozen=True, slots=True)
class DeleteBucketResponse(Model):
    """``DELETE /api/v1/buckets/{bucket}``: the bucket is gone. With ``force=True``, ``deleted``
    counts the object versions and delete markers removed (by every request of
    :meth:`~rahcp.s3.S3Api.delete_bucket`); None without ``force``."""

    status: Literal["deleted"]
    bucket: str
    deleted: int | None = None


@dataclass(frozen=True, slots=True)
class ForceDeleteProgress(Model):
    """The 202 of a force delete whose request ran out of time before the bucket was empty:
    ``deleted`` counts what that one request removed; ``remaining`` is always True (call again,
    which :meth:`~rahcp.s3.S3Api.delete_bucket` does)."""

    status: Literal["emptying"]
    bucket: str
    deleted: int
    remaining: bool


# --- versioning ----------------------------------------------------------------------------------

VersioningStatus = Literal["Enabled", "Suspended"]
MfaDeleteStatus = Literal["Enabled", "Disabled"]


@dataclass(frozen=True, slots=True)
class BucketVersioningResponse(Model):
    """``status`` is None when versioning was never enabled on the bucket."""

    status: VersioningStatus | None
    mfa_delete: MfaDeleteStatus | None


@dataclass(frozen=True, slots=True)
class VersioningMutationResponse(Model):
    status: Literal["updated"]
    versioning: VersioningStatus


# --- listings ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObjectSummary(Model):
    key: str
    size: int
    last_modified: datetime
    etag: str
    storage_class: str


@dataclass(frozen=True, slots=True)
class ListObjectsResponse(Model):
    """One page of current objects; pass ``next_continuation_token`` on to get the next one."""

    objects: list[ObjectSummary]
    common_prefixes: list[str]
    is_truncated: bool
    next_continuation_token: str | None
    key_count: int


@dataclass(frozen=True, slots=True)
class ObjectVersion(Model):
    kind: ClassVar[Literal["version"]] = "version"
    key: str
    version_id: str
    is_latest: bool
    last_modified: datetime
    size: int
    etag: str
    storage_class: str


@dataclass(frozen=True, slots=True)
class DeleteMarker(Model):
    kind: ClassVar[Literal["delete_marker"]] = "delete_marker"
    key: str
    version_id: str
    is_latest: bool
    last_modified: datetime


#: One entry of a version listing; tell them apart with ``isinstance`` or ``entry.kind``.
VersionEntry = ObjectVersion | DeleteMarker


@dataclass(frozen=True, slots=True)
class ListVersionsResponse(Model):
    """One page of versions and delete markers; pass ``next_key_marker`` and
    ``next_version_id_marker`` on to get the next one."""

    versions: list[ObjectVersion]
    delete_markers: list[DeleteMarker]
    is_truncated: bool
    next_key_marker: str | None
    next_version_id_marker: str | None
    key_count: int

    def entries(self) -> list[VersionEntry]:
        """Versions and delete markers of this page merged back into S3's order: by key (code
        point order, which is S3's UTF-8 byte order), the latest first, then newest first. The
        sort is stable, so remaining ties keep the server's order."""
        merged: list[VersionEntry] = [*self.versions, *self.delete_markers]
        return sorted(merged, key=lambda e: (e.key, not e.is_latest, -e.last_modified.timestamp()))


@dataclass(frozen=True, slots=True)
class MultipartUploadSummary(Model):
    """An in-progress multipart upload (started, neither completed nor aborted)."""

    key: str
    upload_id: str
    initiated: datetime
    storage_class: str


@dataclass(frozen=True, slots=True)
class ListUploadsResponse(Model):
    """One page of in-progress multipart uploads, by key (one key's uploads in the backend's
    order); pass ``next_key_marker`` and ``next_upload_id_marker`` on to get the next one."""

    uploads: list[MultipartUploadSummary]
    is_truncated: bool
    next_key_marker: str | None
    next_upload_id_marker: str | None


# --- ACL -----------------------------------------------------------------------------------------

AclPermission = Literal["FULL_CONTROL", "WRITE", "WRITE_ACP", "READ", "READ_ACP"]
GranteeType = Literal["CanonicalUser", "Group", "AmazonCustomerByEmail"]


@dataclass(frozen=True, slots=True)
class AclGrantee(Model):
    """Who a grant applies to; ``type`` selects the identifying field (``id``, ``uri`` or
    ``email_address``). The constructors below build each kind."""

    type: GranteeType = field(metadata=_wire("Type"))
    id: str | None = field(default=None, metadata=_wire("ID"))
    display_name: str | None = field(default=None, metadata=_wire("DisplayName"))
    uri: str | None = field(default=None, metadata=_wire("URI"))
    email_address: str | None = field(default=None, metadata=_wire("EmailAddress"))

    @classmethod
    def canonical_user(cls, id: str, display_name: str | None = None) -> AclGrantee:
        return cls(type="CanonicalUser", id=id, display_name=display_name)

    @classmethod
    def group(cls, uri: str) -> AclGrantee:
        """E.g. ``http://acs.amazonaws.com/groups/global/AllUsers``."""
        return cls(type="Group", uri=uri)

    @classmethod
    def email(cls, email_address: str) -> AclGrantee:
        return cls(type="AmazonCustomerByEmail", email_address=email_address)


@dataclass(frozen=True, slots=True)
class AclGrant(Model):
    grantee: AclGrantee = field(metadata=_wire("Grantee"))
    permission: AclPermission = field(metadata=_wire("Permission"))


@dataclass(frozen=True, slots=True)
class AclOwner(Model):
    """The owner as ``get_acl`` reports it: the API always names its ID."""

    id: str = field(metadata=_wire("ID"))
    display_name: str | None = field(default=None, metadata=_wire("DisplayName"))


@dataclass(frozen=True, slots=True)
class AclResponse(Model):
    """``GET /api/v1/buckets/{bucket}/acl``: S3's owner and grants."""

    owner: AclOwner
    grants: list[AclGrant]

    def to_policy(self, grants: list[AclGrant] | None = None) -> AclPolicy:
        """A policy for :meth:`~rahcp.s3.S3Api.set_acl` with this owner and these grants (or
        ``grants``), for read-modify-write."""
        return AclPolicy(
            owner=Owner(id=self.owner.id, display_name=self.owner.display_name),
            grants=list(self.grants if grants is None else grants),
        )


@dataclass(frozen=True, slots=True)
class Owner(Model):
    """The owner of a policy to set: the ID is required."""

    id: str = field(metadata=_wire("ID"))
    display_name: str | None = field(default=None, metadata=_wire("DisplayName"))


@dataclass(frozen=True, slots=True)
class AclPolicy(Model):
    """A complete access control policy: setting it replaces the bucket's owner and grants."""

    owner: Owner = field(metadata=_wire("Owner"))
    grants: list[AclGrant] = field(metadata=_wire("Grants"))


# --- the caller ----------------------------------------------------------------------------------

#: What a token's scopes, or an access policy rule, let the caller do (write implies read, admin both).
Permission = Literal["read", "write", "admin"]


@dataclass(frozen=True, slots=True)
class EffectiveGrant(Model):
    """What the caller may do on which buckets of a tenant (``tenant``: a name, or ``*`` for
    every tenant; ``buckets``: name patterns, ``*`` any run of characters, ``?`` one character),
    and the policy rule that grants it (None: no policy, the scopes alone grant it everywhere)."""

    tenant: str
    buckets: list[str]
    allow: list[Permission]
    rule: str | None


@dataclass(frozen=True, slots=True)
class MeResponse(Model):
    """``GET /api/v1/me``: the caller as the API sees it (never the token). ``permissions`` are
    what the scopes grant; ``grants`` what the caller may do in its tenant (the scopes ∩ the
    access policy, when ``policy`` says there is one)."""

    sub: str
    tenant: str
    groups: list[str]
    client_id: str | None
    scopes: list[str]
    permissions: list[Permission]
    policy: bool
    grants: list[EffectiveGrant]


# --- request bodies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreateBucketRequest(Model):
    bucket: str


@dataclass(frozen=True, slots=True)
class SetVersioningRequest(Model):
    status: VersioningStatus
