"""`taizhang backup` and `taizhang restore`: the demo district goes out and comes back exactly,
every table and every stored file; a restore that cannot be done changes nothing."""

import io
import json
import os
import tarfile

import pytest
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from taizhang.core import services
from taizhang.core.access import SYSTEM
from taizhang.core.attachments import add_attachment
from taizhang.core.backup import ExactJSONEncoder, _models
from taizhang.core.models import Attachment, AuditEntry, Unit, User
from tests.core.test_api_attachments import png_bytes


def every_table() -> dict[str, list[dict]]:
    """Every row of every table as the backup would write it (datetimes to the microsecond)."""
    tables = {}
    for model in _models():
        rows = model._base_manager.order_by("pk")
        text = serializers.serialize("jsonl", rows, cls=ExactJSONEncoder)
        tables[model._meta.label_lower] = [json.loads(line) for line in text.splitlines()]
    return tables


def every_file() -> dict[str, tuple[bytes, int]]:
    files = {}
    for attachment in Attachment.objects.all():
        name = attachment.file.name
        mtime = int(os.path.getmtime(default_storage.path(name)))
        files[name] = (default_storage.open(name).read(), mtime)
    return files


@pytest.fixture
def demo_with_a_photo(transactional_db):
    call_command("demo", no_serve=True, stdout=io.StringIO())
    taer = Unit.objects.get(name="塔儿村")
    officer = User.objects.get(username="taer")
    photo = add_attachment(taer, SimpleUploadedFile("村委会.png", png_bytes()), by=officer)
    os.utime(default_storage.path(photo.file.name), (1_600_000_000, 1_600_000_000))


def test_the_demo_round_trips_every_table_and_file(demo_with_a_photo, tmp_path):
    before_tables, before_files = every_table(), every_file()
    assert AuditEntry.objects.exists() and before_files
    archive = tmp_path / "demo.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    taer = Unit.objects.get(name="塔儿村")
    services.update_unit(taer, by=SYSTEM, address="changed after the backup")
    default_storage.delete(next(iter(before_files)))
    call_command("restore", str(archive), replace=True, stdout=io.StringIO())

    assert every_table() == before_tables
    assert every_file() == before_files
    assert Unit.objects.get(name="塔儿村").address != "changed after the backup"


def test_a_restore_refuses_a_database_that_holds_data_and_changes_nothing(district, tmp_path):
    archive = tmp_path / "district.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    services.update_unit(district.taer, by=SYSTEM, address="kept")
    before = every_table()
    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert every_table() == before


def test_a_backup_from_a_newer_version_is_refused(district, tmp_path):
    archive = tmp_path / "district.tar"
    call_command("backup", str(archive), "--no-files", stdout=io.StringIO())
    newer = tmp_path / "newer.tar"
    with tarfile.open(archive) as source, tarfile.open(newer, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append(["core", "9999_from_the_future"])
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = every_table()
    with pytest.raises(CommandError, match="newer version"):
        call_command("restore", str(newer), replace=True, stdout=io.StringIO())
    assert every_table() == before


@pytest.mark.django_db
def test_a_file_that_is_no_backup_gets_a_reason(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar file at all")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(junk), stdout=io.StringIO())


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "kept.tar"
    existing.write_bytes(b"precious")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"precious"
