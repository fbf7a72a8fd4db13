"""The party router every part of the API registers on, and the errors its writes answer."""

from ninja import Router

router = Router(tags=["party"])
WRITE_ERRORS = (400, 403, 404, 422)
