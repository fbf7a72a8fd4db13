"""The request type of pages and endpoints behind sign-in: its user is a `User`, never the
anonymous one (LoginRequiredMiddleware and the API's authentication make sure), so views pass
`request.user` to services typed `by: User | None` without a cast."""

from django.http import HttpRequest

from taizhang.core.models import User


class AuthedRequest(HttpRequest):
    user: User
