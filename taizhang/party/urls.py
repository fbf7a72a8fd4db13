"""The Double Hundred pages under /party/."""

urlpatterns: list = []
