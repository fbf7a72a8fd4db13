"""Attachments through the API: uploaded with content checks, served only to those who may see
the record, removed without losing history."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taizhang.core.attachments import add_attachment
from taizhang.core.models import Attachment, AuditEntry
from tests.conftest import client_for

API = "/api/v1"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, unit, name: str, content: bytes, caption: str = ""):
    return client.post(
        f"{API}/attachments/core/unit/{unit.pk}",
        {"file": SimpleUploadedFile(name, content), "caption": caption},
    )


@pytest.fixture
def taer_photo(district, people) -> Attachment:
    return add_attachment(
        district.taer, SimpleUploadedFile("村委会.png", png_bytes()), by=people.taer_officer
    )


def download(client, attachment: Attachment):
    return client.get(f"{API}/attachments/{attachment.pk}/download")


@pytest.mark.django_db
class TestUpload:
    def test_a_png_round_trips(self, district, people):
        client = client_for(people.taer_officer)
        content = png_bytes()
        response = upload(client, district.taer, "门牌.png", content, caption="村委会门牌")
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["mime_type"] == "image/png"
        assert created["kind"] == "photo"
        assert created["caption"] == "村委会门牌"
        assert created["size"] == len(content)

        listed = client.get(f"{API}/attachments/core/unit/{district.taer.pk}").json()
        assert [a["id"] for a in listed] == [created["id"]]

        response = client.get(created["download_url"])
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "%E9%97%A8%E7%89%8C.png" in response["Content-Disposition"]

    def test_a_text_file_named_png_is_refused(self, district, people):
        response = upload(
            client_for(people.taer_officer), district.taer, "photo.png", b"just some text\n" * 10
        )
        assert response.status_code == 400
        assert "Unsupported file type" in response.json()["detail"]
        assert not Attachment.objects.exists()

    def test_an_empty_file_is_refused(self, district, people):
        response = upload(client_for(people.admin), district.taer, "empty.pdf", b"")
        assert response.status_code == 400
        assert response.json()["detail"] == "The file is empty."
        assert not Attachment.objects.exists()

    def test_a_missing_file_is_422(self, district, people):
        response = client_for(people.admin).post(f"{API}/attachments/core/unit/{district.taer.pk}")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "file"

    def test_the_village_officer_cannot_upload_to_another_village(self, district, people):
        response = upload(client_for(people.xwz_officer), district.taer, "a.png", png_bytes())
        assert response.status_code == 404
        assert not Attachment.objects.exists()

    def test_the_leader_cannot_upload(self, district, people):
        response = upload(client_for(people.leader), district.taer, "a.png", png_bytes())
        assert response.status_code == 403
        assert not Attachment.objects.exists()

    @pytest.mark.parametrize(
        "path", ["core/apitoken/1", "core/auditentry/1", "core/attachment/1", "core/nothing/1"]
    )
    def test_bookkeeping_and_unknown_models_take_no_files(self, district, people, path):
        response = client_for(people.admin).post(
            f"{API}/attachments/{path}", {"file": SimpleUploadedFile("a.png", png_bytes())}
        )
        assert response.status_code == 404


@pytest.mark.django_db
class TestRead:
    def test_the_village_officer_cannot_list_another_villages_files(
        self, district, people, taer_photo
    ):
        response = client_for(people.xwz_officer).get(
            f"{API}/attachments/core/unit/{district.taer.pk}"
        )
        assert response.status_code == 404

    def test_the_village_officer_cannot_download_another_villages_file(
        self, district, people, taer_photo
    ):
        response = download(client_for(people.xwz_officer), taer_photo)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "errors": []}

    @pytest.mark.parametrize("persona", ["admin", "leader", "subdistrict_officer", "taer_officer"])
    def test_those_who_see_the_record_download_its_file(self, people, taer_photo, persona):
        assert download(client_for(getattr(people, persona)), taer_photo).status_code == 200

    def test_the_auditor_downloads_nothing(self, people, taer_photo):
        assert download(client_for(people.auditor), taer_photo).status_code == 404


@pytest.mark.django_db
class TestRemove:
    def test_the_officer_removes_a_file_and_the_history_keeps_it(
        self, district, people, taer_photo
    ):
        client = client_for(people.taer_officer)
        response = client.delete(f"{API}/attachments/{taer_photo.pk}?reason=拍错了")
        assert response.status_code == 204
        assert client.get(f"{API}/attachments/core/unit/{district.taer.pk}").json() == []
        assert download(client, taer_photo).status_code == 404

        taer_photo.refresh_from_db()
        assert taer_photo.removed_at is not None
        assert taer_photo.file.storage.exists(taer_photo.file.name)
        entries = client.get(f"{API}/history/core/attachment/{taer_photo.pk}").json()["results"]
        assert [e["action"] for e in entries] == ["update", "create"]
        assert entries[0]["reason"] == "拍错了"
        assert AuditEntry.objects.filter(object_id=str(taer_photo.pk)).count() == 2

    def test_the_leader_cannot_remove_a_file(self, people, taer_photo):
        response = client_for(people.leader).delete(f"{API}/attachments/{taer_photo.pk}")
        assert response.status_code == 403
        taer_photo.refresh_from_db()
        assert taer_photo.removed_at is None

    def test_the_village_officer_cannot_remove_another_villages_file(self, people, taer_photo):
        response = client_for(people.xwz_officer).delete(f"{API}/attachments/{taer_photo.pk}")
        assert response.status_code == 404
        taer_photo.refresh_from_db()
        assert taer_photo.removed_at is None
