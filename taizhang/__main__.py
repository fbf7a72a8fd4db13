"""The `taizhang` console command: Django's management commands with Taizhang's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taizhang.settings")
    if args[:1] == ["demo"]:
        # The demo serves plain http on 127.0.0.1 with runserver: development mode.
        os.environ.setdefault("TAIZHANG_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["taizhang", *args])


if __name__ == "__main__":
    main()
