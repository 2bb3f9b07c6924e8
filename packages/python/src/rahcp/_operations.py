"""The API's operations as this SDK calls them: method, path template, query parameters, request
and result types. One table, so ``tests/test_openapi_drift.py`` can hold every entry against the
committed OpenAPI document (and every documented operation against this table).

Adding an endpoint is one entry here, a model in ``models.py`` and a method that calls it.
An operation with more than one success answer (force delete: 200 done, 202 not yet) names the
models of the others in ``other_results``; the transport decodes each answer by its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import models

HttpMethod = Literal["GET", "POST", "PUT", "DELETE", "HEAD"]


@dataclass(frozen=True)
class Operation:
    method: HttpMethod
    #: The OpenAPI path template, e.g. ``/api/v1/buckets/{bucket}``.
    path: str
    #: The success body's model; None when the success has no body (HEAD).
    result: type[models.Model] | None
    #: Names of the query parameters the operation accepts.
    query: tuple[str, ...] = ()
    #: The JSON request body's model, when it takes one.
    body: type[models.Model] | None = None
    #: Further success statuses and their body models, e.g. ``((202, ForceDeleteProgress),)``
    #: (pairs rather than a dict, so the operation stays hashable).
    other_results: tuple[tuple[int, type[models.Model]], ...] = ()

    def result_for(self, status: int) -> type[models.Model] | None:
        """The model of a success answer with this status."""
        return dict(self.other_results).get(status, self.result)

    @property
    def idempotent(self) -> bool:
        """POST creates: repeating one whose response was lost could create twice or fail with 409."""
        return self.method != "POST"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


BUCKETS = "/api/v1/buckets"
BUCKET = "/api/v1/buckets/{bucket}"

ME = Operation("GET", "/api/v1/me", models.MeResponse)
LIST_BUCKETS = Operation(
    "GET", BUCKETS, models.ListBucketsResponse, query=("prefix", "max_buckets", "continuation_token")
)
CREATE_BUCKET = Operation("POST", BUCKETS, models.BucketMutationResponse, body=models.CreateBucketRequest)
HEAD_BUCKET = Operation("HEAD", BUCKET, None)
DELETE_BUCKET = Operation(
    "DELETE",
    BUCKET,
    models.DeleteBucketResponse,
    query=("force",),
    other_results=((202, models.ForceDeleteProgress),),
)
GET_VERSIONING = Operation("GET", f"{BUCKET}/versioning", models.BucketVersioningResponse)
SET_VERSIONING = Operation(
    "PUT", f"{BUCKET}/versioning", models.VersioningMutationResponse, body=models.SetVersioningRequest
)
LIST_VERSIONS = Operation(
    "GET",
    f"{BUCKET}/versions",
    models.ListVersionsResponse,
    query=("prefix", "max_keys", "key_marker", "version_id_marker"),
)
LIST_OBJECTS = Operation(
    "GET",
    f"{BUCKET}/objects",
    models.ListObjectsResponse,
    query=("prefix", "delimiter", "max_keys", "continuation_token"),
)
LIST_UPLOADS = Operation(
    "GET",
    f"{BUCKET}/uploads",
    models.ListUploadsResponse,
    query=("prefix", "max_uploads", "key_marker", "upload_id_marker"),
)
GET_ACL = Operation("GET", f"{BUCKET}/acl", models.AclResponse)
SET_ACL = Operation("PUT", f"{BUCKET}/acl", models.BucketMutationResponse, body=models.AclPolicy)

OPERATIONS: tuple[Operation, ...] = (
    ME,
    LIST_BUCKETS,
    CREATE_BUCKET,
    HEAD_BUCKET,
    DELETE_BUCKET,
    GET_VERSIONING,
    SET_VERSIONING,
    LIST_VERSIONS,
    LIST_OBJECTS,
    LIST_UPLOADS,
    GET_ACL,
    SET_ACL,
)
