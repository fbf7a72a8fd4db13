"""Stock and hand-outs (实物发放): receiving and correcting stock, a hand-out once only that
takes the basket from the village's stock, signatures checked and kept, one-time codes with
their expiry and tries, and who may do what."""

from __future__ import annotations

import base64
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image, ImageDraw

from taizhang.core.attachments import visible_attachment
from taizhang.core.models import AuditEntry
from taizhang.lib import clock
from taizhang.welfare.models import CycleStatus, Handout, HandoutCode, Stock
from taizhang.welfare.services import handouts, sms
from tests.welfare.factories import make_cycle, make_entitlement, stock_up


def signature_png(*, blank: bool = False, size: tuple[int, int] = (300, 150)) -> str:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(20, 100), (80, 30), (150, 110), (260, 40)], "black", 4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def outbox(settings):
    settings.TAIZHANG_SMS_BACKEND = "taizhang.welfare.services.sms.MemoryBackend"
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def cycle(spring_goods):
    return make_cycle(spring_goods)


@pytest.fixture
def wang(cycle, villagers):
    """王老汉's household's entitlement in 西王庄村, with stock for two baskets."""
    stock_up(cycle, villagers.wang.unit, 2)
    return make_entitlement(cycle, villagers.wang, villagers.wang_household)


def stock_left(cycle, unit) -> dict[str, Decimal]:
    rows = Stock.objects.filter(cycle=cycle, unit=unit).select_related("item")
    return {row.item.name: row.remaining for row in rows}


@pytest.mark.django_db
class TestStock:
    def test_goods_received_add_up_per_village_and_item(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        for quantity in ("100", "50"):
            handouts.receive_stock(
                cycle,
                by=people.xwz_officer,
                unit=district.xiwangzhuang,
                item=rice,
                quantity=Decimal(quantity),
            )
        assert Stock.objects.get(cycle=cycle, item=rice).received == Decimal("150")
        assert AuditEntry.objects.filter(object_repr__contains="大米").count() == 2

    def test_a_quantity_below_zero_is_refused(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        with pytest.raises(ValidationError, match="below zero"):
            handouts.receive_stock(
                cycle,
                by=people.xwz_officer,
                unit=district.xiwangzhuang,
                item=rice,
                quantity=Decimal("-5"),
            )
        assert not Stock.objects.exists()

    def test_a_correction_below_what_was_handed_out_is_refused(self, wang, people, villagers):
        handouts.record_handout(
            wang, by=people.xwz_officer, received_by="王小", signature=signature_png()
        )
        rice = wang.cycle.programme.basket.get(name="大米")
        with pytest.raises(ValidationError, match="handed out already"):
            handouts.receive_stock(
                wang.cycle,
                by=people.xwz_officer,
                unit=wang.unit,
                item=rice,
                quantity=Decimal("5"),
                correction=True,
                reason="盘点",
            )
        corrected = handouts.receive_stock(
            wang.cycle,
            by=people.xwz_officer,
            unit=wang.unit,
            item=rice,
            quantity=Decimal("12"),
            correction=True,
            reason="盘点",
        )
        assert (corrected.received, corrected.remaining) == (Decimal("12"), Decimal("2"))

    def test_another_village_may_not_receive_stock_for_xiwangzhuang(self, cycle, people, district):
        rice = cycle.programme.basket.get(name="大米")
        with pytest.raises(PermissionDenied):
            handouts.receive_stock(
                cycle,
                by=people.taer_officer,
                unit=district.xiwangzhuang,
                item=rice,
                quantity=Decimal("10"),
            )


@pytest.mark.django_db
class TestHandout:
    def test_a_signed_hand_out_takes_the_basket_from_the_village_stock(
        self, wang, people, villagers
    ):
        handout = handouts.record_handout(
            wang, by=people.xwz_officer, received_by="王小", signature=signature_png()
        )
        assert (handout.method, handout.received_by) == ("signature", "王小")
        assert stock_left(wang.cycle, wang.unit) == {
            "大米": Decimal("10"),
            "面粉": Decimal("5"),
            "食用油": Decimal("5"),
        }
        assert handout.signature.mime_type == "image/png"
        assert handout.signature.scope_unit == villagers.wang.unit

    def test_a_second_hand_out_is_refused_naming_when_and_by_whom(self, wang, people):
        handouts.record_handout(
            wang, by=people.xwz_officer, received_by="王老汉", signature=signature_png()
        )
        with pytest.raises(ValidationError) as refused:
            handouts.record_handout(
                wang, by=people.subdistrict_officer, received_by="王小", signature=signature_png()
            )
        message = " ".join(refused.value.messages)
        assert "already handed out" in message and "xwz" in message
        assert Handout.objects.count() == 1
        assert stock_left(wang.cycle, wang.unit)["大米"] == Decimal("10")

    def test_not_enough_stock_refuses_the_hand_out_and_changes_nothing(
        self, cycle, people, villagers
    ):
        entitlement = make_entitlement(cycle, villagers.wang, villagers.wang_household)
        rice, flour, oil = cycle.programme.basket.order_by("id")
        for item, quantity in ((rice, "10"), (flour, "5"), (oil, "2")):
            Stock.objects.create(
                cycle=cycle, unit=entitlement.unit, item=item, received=Decimal(quantity)
            )
        with pytest.raises(ValidationError, match=r"Not enough stock.*食用油"):
            handouts.record_handout(
                entitlement, by=people.xwz_officer, received_by="王小", signature=signature_png()
            )
        assert not Handout.objects.exists()
        assert set(stock_left(cycle, entitlement.unit).values()) == {
            Decimal("10"),
            Decimal("5"),
            Decimal("2"),
        }

    def test_the_collector_must_belong_to_the_household(self, wang, people):
        with pytest.raises(ValidationError, match="not a member"):
            handouts.record_handout(
                wang, by=people.xwz_officer, received_by="赵奶奶", signature=signature_png()
            )

    def test_a_cycle_not_yet_approved_hands_out_nothing(self, wang, people):
        wang.cycle.status = CycleStatus.SUBMITTED
        wang.cycle.save()
        with pytest.raises(ValidationError, match="not approved"):
            handouts.record_handout(
                wang, by=people.xwz_officer, received_by="王小", signature=signature_png()
            )

    def test_another_village_may_not_record_the_hand_out(self, wang, people):
        with pytest.raises(PermissionDenied):
            handouts.record_handout(
                wang, by=people.taer_officer, received_by="王小", signature=signature_png()
            )

    @pytest.mark.parametrize(
        ("signature", "reason"),
        [
            ("data:image/jpeg;base64,AAAA", "not a PNG"),
            ("data:image/png;base64,not base64!", "damaged"),
            ("data:image/png;base64," + base64.b64encode(b"GIF89a....").decode(), "damaged"),
            (signature_png(blank=True), "empty"),
            (signature_png(size=(3000, 100)), "too large"),
            ("data:image/png;base64," + "A" * 500_000, "too large"),
        ],
    )
    def test_a_bad_signature_is_refused(self, wang, people, signature, reason):
        with pytest.raises(ValidationError, match=reason):
            handouts.record_handout(
                wang, by=people.xwz_officer, received_by="王小", signature=signature
            )
        assert not Handout.objects.exists()

    def test_the_signature_is_served_only_to_those_who_see_the_hand_out(self, wang, people, as_xwz):
        handout = handouts.record_handout(
            wang, by=people.xwz_officer, received_by="王小", signature=signature_png()
        )
        pk = handout.signature_id
        assert visible_attachment(pk, people.xwz_officer) is not None
        assert visible_attachment(pk, people.subdistrict_officer) is not None
        assert visible_attachment(pk, people.taer_officer) is None
        response = as_xwz.get(f"/attachments/{pk}/")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        from tests.conftest import client_for

        assert client_for(people.taer_officer).get(f"/attachments/{pk}/").status_code == 404


@pytest.mark.django_db
class TestCodes:
    @pytest.fixture
    def phoned(self, wang, villagers):
        villagers.wang.phone = "13911112222"
        villagers.wang.save()
        wang.refresh_from_db()
        return wang

    def sent_code(self, outbox) -> str:
        return next(word for word in outbox[-1].text.split() if word.strip(",.").isdigit()).strip(
            ",."
        )

    def issue(self, entitlement, people, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            return handouts.issue_code(entitlement, by=people.xwz_officer)

    def test_the_code_goes_to_the_registered_phone_and_confirms_the_hand_out(
        self, phoned, people, outbox, django_capture_on_commit_callbacks
    ):
        row = self.issue(phoned, people, django_capture_on_commit_callbacks)
        assert outbox[0].phone == "13911112222" and row.sent_to == "139****2222"
        code = self.sent_code(outbox)
        assert len(code) == 6 and code not in row.code_hash
        handout = handouts.record_handout(
            phoned, by=people.xwz_officer, received_by="王老汉", code=code
        )
        assert handout.method == "code" and handout.code_last_digits == "****" + code[-2:]
        with pytest.raises(ValidationError):
            handouts.record_handout(phoned, by=people.xwz_officer, received_by="王小", code=code)

    def test_a_code_expires_after_ten_minutes(
        self, phoned, people, outbox, django_capture_on_commit_callbacks, monkeypatch
    ):
        self.issue(phoned, people, django_capture_on_commit_callbacks)
        later = clock.now() + datetime.timedelta(minutes=10, seconds=1)
        monkeypatch.setattr(clock, "now", lambda: later)
        with pytest.raises(ValidationError, match="expired"):
            handouts.record_handout(
                phoned, by=people.xwz_officer, received_by="王小", code=self.sent_code(outbox)
            )
        assert not Handout.objects.exists()

    def test_five_wrong_tries_spend_the_code(
        self, phoned, people, outbox, django_capture_on_commit_callbacks
    ):
        self.issue(phoned, people, django_capture_on_commit_callbacks)
        code = self.sent_code(outbox)
        wrong = "000000" if code != "000000" else "111111"
        for left in (4, 3, 2, 1):
            with pytest.raises(ValidationError, match=f"{left} tries left"):
                handouts.record_handout(
                    phoned, by=people.xwz_officer, received_by="王小", code=wrong
                )
        with pytest.raises(ValidationError, match="last try"):
            handouts.record_handout(phoned, by=people.xwz_officer, received_by="王小", code=wrong)
        with pytest.raises(ValidationError, match="Too many wrong tries"):
            handouts.record_handout(phoned, by=people.xwz_officer, received_by="王小", code=code)
        assert HandoutCode.objects.get().attempts == 5

    def test_a_new_code_replaces_the_old_one_but_not_within_a_minute(
        self, phoned, people, outbox, django_capture_on_commit_callbacks, monkeypatch
    ):
        self.issue(phoned, people, django_capture_on_commit_callbacks)
        first = self.sent_code(outbox)
        with pytest.raises(ValidationError, match="less than a minute"):
            self.issue(phoned, people, django_capture_on_commit_callbacks)
        later = clock.now() + datetime.timedelta(seconds=61)
        monkeypatch.setattr(clock, "now", lambda: later)
        self.issue(phoned, people, django_capture_on_commit_callbacks)
        second = self.sent_code(outbox)
        if first != second:
            with pytest.raises(ValidationError, match="wrong"):
                handouts.record_handout(
                    phoned, by=people.xwz_officer, received_by="王小", code=first
                )
        handouts.record_handout(phoned, by=people.xwz_officer, received_by="王小", code=second)

    def test_no_registered_phone_means_no_code(self, wang, people, outbox):
        with pytest.raises(ValidationError, match="no registered phone"):
            handouts.issue_code(wang, by=people.xwz_officer)
        assert outbox == []


@pytest.mark.django_db
class TestSearch:
    def test_search_by_name_of_any_member_or_the_last_digits_of_the_id(
        self, cycle, people, villagers
    ):
        wang = make_entitlement(cycle, villagers.wang, villagers.wang_household)
        make_entitlement(cycle, villagers.zhao, villagers.zhao_household)
        li = make_entitlement(cycle, villagers.li, villagers.li_household)
        officer = people.subdistrict_officer
        assert list(handouts.search(officer, cycle, "王小")) == [wang]
        assert list(handouts.search(officer, cycle, villagers.li.id_number[-4:])) == [li]
        assert list(handouts.search(officer, cycle, villagers.li.id_number[-6:])) == [li]
        assert list(handouts.search(officer, cycle, "")) == []
        assert list(handouts.search(people.xwz_officer, cycle, "王小")) == [wang]

    def test_another_village_finds_nothing_of_xiwangzhuang(self, cycle, people, villagers):
        make_entitlement(cycle, villagers.wang, villagers.wang_household)
        taer = people.taer_officer
        assert list(handouts.search(taer, cycle, "王")) == []
        assert list(handouts.search(taer, cycle, villagers.wang.id_number[-4:])) == []
