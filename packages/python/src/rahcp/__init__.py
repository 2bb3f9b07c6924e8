"""Python SDK of the rahcp bucket API (S3 buckets on Hitachi Content Platform).

.. code-block:: python

    import asyncio
    from rahcp import RahcpClient

    async def main() -> None:
        async with RahcpClient.from_env() as client:  # RAHCP_ENDPOINT, RAHCP_TOKEN
            buckets = await client.s3.list_buckets()
            print(buckets.names)

    asyncio.run(main())
"""

from ._version import __version__
from .client import DEFAULT_TIMEOUT, RahcpClient
from .errors import (
    CLIENT_CODES,
    RETRYABLE_STATUSES,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RahcpError,
    RetryableError,
    ValidationError,
)
from .models import (
    AclGrant,
    AclGrantee,
    AclOwner,
    AclPermission,
    AclPolicy,
    AclResponse,
    BucketMutationResponse,
    BucketOwner,
    BucketSummary,
    BucketVersioningResponse,
    DeleteBucketResponse,
    DeleteMarker,
    EffectiveGrant,
    ForceDeleteProgress,
    ListBucketsResponse,
    ListObjectsResponse,
    ListUploadsResponse,
    ListVersionsResponse,
    MeResponse,
    MultipartUploadSummary,
    ObjectSummary,
    ObjectVersion,
    Owner,
    Permission,
    VersionEntry,
    VersioningMutationResponse,
    VersioningStatus,
)
from .retry import DEFAULT_RETRY_POLICY, RetryPolicy
from .s3 import ProgressCallback, S3Api

__all__ = [
    "__version__",
    "RahcpClient",
    "S3Api",
    "ProgressCallback",
    "DEFAULT_TIMEOUT",
    "RetryPolicy",
    "DEFAULT_RETRY_POLICY",
    "RahcpError",
    "ValidationError",
    "AuthenticationError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "RetryableError",
    "ConfigurationError",
    "RETRYABLE_STATUSES",
    "CLIENT_CODES",
    "AclGrant",
    "AclGrantee",
    "AclOwner",
    "AclPermission",
    "AclPolicy",
    "AclResponse",
    "BucketMutationResponse",
    "BucketOwner",
    "BucketSummary",
    "BucketVersioningResponse",
    "DeleteBucketResponse",
    "DeleteMarker",
    "EffectiveGrant",
    "ForceDeleteProgress",
    "ListBucketsResponse",
    "ListObjectsResponse",
    "ListUploadsResponse",
    "ListVersionsResponse",
    "MeResponse",
    "MultipartUploadSummary",
    "ObjectSummary",
    "ObjectVersion",
    "Owner",
    "Permission",
    "VersionEntry",
    "VersioningMutationResponse",
    "VersioningStatus",
]
