"""The WSGI entry point of production servers (gunicorn via `taizhang serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
application = get_wsgi_application()

# Both need Django set up; gunicorn runs no system checks, so these stop an unsafe server.
from taizhang.core.checks import refuse_development_key  # noqa: E402
from taizhang.security.checks import refuse_short_retention  # noqa: E402

refuse_development_key()
refuse_short_retention()
