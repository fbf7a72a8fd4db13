"""The party router of the API under /api/v1/party/; each module here adds its endpoints to
`common.router` when imported."""

from taizhang.party.api import orgs, projects, records, rules, study  # noqa: F401  (register)
from taizhang.party.api.common import router

__all__ = ["router"]
