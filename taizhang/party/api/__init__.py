"""The party router of the API under /api/v1/party/; each module here adds its endpoints to
`common.router` when imported."""

from taizhang.party.api import (  # noqa: F401  (each registers its endpoints)
    demonstration,
    orgs,
    projects,
    records,
    rules,
    study,
)
from taizhang.party.api.common import router

__all__ = ["router"]
