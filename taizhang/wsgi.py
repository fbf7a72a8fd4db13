"""The WSGI entry point of production servers (gunicorn via `taizhang serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
application = get_wsgi_application()

from taizhang.core.checks import refuse_development_key  # noqa: E402 (needs Django set up)

refuse_development_key()
