from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core import attachments, services, tokens
from taizhang.core.models import AuditEntry, ImportJob, Notification
from tests import walker


def make(district, people, canary):
    taer = services.update_unit(
        district.taer, by=people.admin, remarks=canary, contact_person=canary, reason=canary
    )
    photo = attachments.add_attachment(
        taer,
        SimpleUploadedFile(f"{canary}.png", walker.tiny_png().read(), "image/png"),
        by=people.taer_officer,
        caption=canary,
    )
    token, _key = tokens.create_token(people.taer_officer, by=people.taer_officer, name=canary)
    job = ImportJob.objects.create(
        ledger="units", user=people.taer_officer, file_name=canary, stored_path="", message=canary
    )
    notice = Notification.objects.create(
        recipient=people.taer_officer, module="core", kind="test", title=canary, url="/units/"
    )
    return [taer, photo, token, job, notice, AuditEntry.objects.filter(scope_unit=taer).first()]
