import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taizhang.core import services
from taizhang.core.models import Attachment, AuditEntry
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, unit, name: str, content: bytes, content_type: str = "image/png"):
    return client.post(
        f"/records/core/unit/{unit.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type), "caption": "c"},
    )


def test_an_officer_attaches_a_photo_to_their_village_and_it_is_served_to_them(people, district):
    client = client_for(people.xwz_officer)
    upload(client, district.xiwangzhuang, "广场.png", png_bytes())
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.mime_type) == ("photo", "image/png")
    response = client.get(f"/attachments/{attachment.pk}/")
    assert b"".join(response.streaming_content) == png_bytes()
    assert AuditEntry.objects.filter(content_type__model="attachment").count() == 1


def test_a_text_file_named_png_is_refused_by_its_content(people, district):
    client = client_for(people.xwz_officer)
    response = upload(client, district.xiwangzhuang, "fake.png", b"not an image at all")
    assert not Attachment.objects.exists()
    assert "Unsupported file type" in response.wsgi_request._messages._queued_messages[0].message


def test_files_larger_than_the_limit_are_refused(people, district, settings):
    settings.TAIZHANG_ATTACHMENT_MAX_BYTES = 100
    upload(client_for(people.xwz_officer), district.xiwangzhuang, "big.png", png_bytes() * 20)
    assert not Attachment.objects.exists()


def test_another_village_can_neither_attach_nor_download(people, district):
    upload(client_for(people.taer_officer), district.taer, "a.png", png_bytes())
    attachment = Attachment.objects.get()
    other = client_for(people.xwz_officer)
    assert upload(other, district.taer, "b.png", png_bytes()).status_code == 404
    assert other.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert other.post(f"/attachments/{attachment.pk}/remove/").status_code == 404
    assert Attachment.objects.count() == 1


def test_removing_an_attachment_keeps_it_in_history(people, district):
    client = client_for(people.taer_officer)
    upload(client, district.taer, "a.png", png_bytes())
    attachment = Attachment.objects.get()
    client.post(f"/attachments/{attachment.pk}/remove/", {"reason": "重复"})
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.file.storage.exists(
        attachment.file.name
    )
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_the_history_page_shows_before_and_after(people, district):
    services.update_unit(district.taer, by=people.admin, address="新地址", reason="更正")
    content = (
        client_for(people.auditor)
        .get(f"/records/core/unit/{district.taer.pk}/history/")
        .content.decode()
    )
    assert "新地址" in content and "塔儿村村委会" in content and "更正" in content


def test_history_is_append_only(people, district):
    services.update_unit(district.taer, by=people.admin, address="新地址")
    entry = AuditEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(reason="x")


def test_the_admin_site_cannot_edit_history(people, district):
    services.update_unit(district.taer, by=people.admin, address="新地址")
    people.admin.is_staff = people.admin.is_superuser = True
    people.admin.save()
    entry = AuditEntry.objects.get()
    client = client_for(people.admin)
    assert (
        client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.count() == 1


def test_the_audit_log_is_scoped_for_officers_and_whole_for_auditors(people, district):
    services.update_unit(district.taer, by=people.admin, address="塔儿新址")
    services.update_unit(district.xiwangzhuang, by=people.admin, address="西王新址")
    own = client_for(people.xwz_officer).get("/audit/").content.decode()
    assert "西王庄村" in own and "塔儿村" not in own
    everything = client_for(people.auditor).get("/audit/").content.decode()
    assert "西王庄村" in everything and "塔儿村" in everything


def test_a_user_creates_and_revokes_their_token_and_sees_the_key_once(people, district):
    client = client_for(people.xwz_officer)
    key = client.post("/tokens/", {"name": "脚本"}).context["new_key"]
    assert key.startswith("tz_")
    assert key not in client.get("/tokens/").content.decode()
    token = people.xwz_officer.api_tokens.get()
    client.post(f"/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
