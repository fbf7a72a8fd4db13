"""The hand-out pages on a phone: search by name or the last digits of an ID number (masked in
the results), confirm with a signature or a code, the live stock and not-collected partial, the
stock page and the not-collected list; another village sees none of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from taizhang.welfare.models import Handout, Stock
from taizhang.welfare.services import sms
from tests.conftest import client_for
from tests.welfare.factories import make_cycle, make_entitlement, stock_up
from tests.welfare.test_handouts import signature_png


@pytest.fixture
def cycle(spring_goods, villagers):
    cycle = make_cycle(spring_goods)
    stock_up(cycle, villagers.wang.unit, 3)
    stock_up(cycle, villagers.li.unit, 1)
    cycle.wang = make_entitlement(cycle, villagers.wang, villagers.wang_household)
    cycle.zhao = make_entitlement(cycle, villagers.zhao, villagers.zhao_household)
    cycle.li = make_entitlement(cycle, villagers.li, villagers.li_household)
    return cycle


def text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
class TestSearch:
    def test_the_last_digits_of_the_id_find_the_household_with_the_id_masked(
        self, cycle, villagers, as_xwz
    ):
        number = villagers.zhao.id_number
        page = text(as_xwz.get(reverse("welfare-handout", args=[cycle.pk]), {"q": number[-4:]}))
        assert "赵奶奶" in page and "XWZ-002" in page
        assert number not in page and f"{number[:4]}**********{number[-4:]}" in page
        assert reverse("welfare-handout-confirm", args=[cycle.zhao.pk]) in page

    def test_a_member_s_name_finds_the_household(self, cycle, as_xwz):
        page = text(as_xwz.get(reverse("welfare-handout", args=[cycle.pk]), {"q": "王小"}))
        assert reverse("welfare-handout-confirm", args=[cycle.wang.pk]) in page

    def test_the_village_clerk_sees_only_their_village(self, cycle, villagers, as_xwz):
        page = text(as_xwz.get(reverse("welfare-handout", args=[cycle.pk]), {"q": "李二"}))
        assert reverse("welfare-handout-confirm", args=[cycle.li.pk]) not in page
        assert "塔儿村" not in page

    def test_a_village_with_no_entitlement_in_the_cycle_gets_404(self, cycle, district):
        from tests.factories import make_unit, make_user

        gucheng = make_user("gc", "unit_officer", unit=district.guchengcun)
        client = client_for(gucheng)
        for name in ("welfare-handout", "welfare-stock", "welfare-not-collected"):
            assert client.get(reverse(name, args=[cycle.pk])).status_code == 404
        confirm = reverse("welfare-handout-confirm", args=[cycle.wang.pk])
        assert client.get(confirm).status_code == 404
        assert client.post(confirm, {"action": "sign"}).status_code == 404
        assert make_unit  # the factory import is the persona's


@pytest.mark.django_db
class TestConfirm:
    def test_a_signature_records_the_hand_out_and_goes_back_to_the_search(self, cycle, as_xwz):
        url = reverse("welfare-handout-confirm", args=[cycle.wang.pk])
        page = text(as_xwz.get(url))
        assert "大米 10 kg" in page and "welfare/signature.js" in page and "<script>" not in page
        response = as_xwz.post(
            url, {"action": "sign", "received_by": "王小", "signature": signature_png()}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("welfare-handout", args=[cycle.pk])
        handout = Handout.objects.get(entitlement=cycle.wang)
        assert (handout.received_by, handout.method) == ("王小", "signature")
        assert "Handed out to household XWZ-001" in text(as_xwz.get(response["Location"]))

    def test_a_second_hand_out_shows_who_recorded_the_first(self, cycle, as_xwz, people):
        url = reverse("welfare-handout-confirm", args=[cycle.wang.pk])
        data = {"action": "sign", "received_by": "王小", "signature": signature_png()}
        as_xwz.post(url, data)
        response = client_for(people.subdistrict_officer).post(url, data, follow=True)
        assert "already handed out" in text(response) and "xwz" in text(response)
        assert Handout.objects.count() == 1

    def test_a_code_is_sent_and_typed_in(
        self, cycle, villagers, as_xwz, settings, django_capture_on_commit_callbacks
    ):
        settings.TAIZHANG_SMS_BACKEND = "taizhang.welfare.services.sms.MemoryBackend"
        sms.outbox.clear()
        villagers.zhao.phone = "13800001234"
        villagers.zhao.save()
        url = reverse("welfare-handout-confirm", args=[cycle.zhao.pk])
        with django_capture_on_commit_callbacks(execute=True):
            sent = as_xwz.post(url, {"action": "send_code"}, follow=True)
        assert "138****1234" in text(sent)
        code = next(w.strip(",.") for w in sms.outbox[-1].text.split() if w.strip(",.").isdigit())
        as_xwz.post(url, {"action": "code", "received_by": "赵奶奶", "code": code})
        assert Handout.objects.get(entitlement=cycle.zhao).method == "code"

    def test_another_village_may_not_confirm(self, cycle, people):
        url = reverse("welfare-handout-confirm", args=[cycle.wang.pk])
        response = client_for(people.taer_officer).post(
            url, {"action": "sign", "received_by": "王小", "signature": signature_png()}
        )
        assert response.status_code == 404
        assert not Handout.objects.exists()


@pytest.mark.django_db
class TestLiveStatus:
    def test_the_partial_shows_stock_left_and_who_has_not_collected(self, cycle, as_xwz, people):
        url = reverse("welfare-handout-status", args=[cycle.pk])
        before = text(as_xwz.get(url))
        assert 'hx-trigger="every 5s"' in before
        assert f'data-entitlement="{cycle.wang.pk}"' in before
        assert "0 of 2 collected" in before
        as_xwz.post(
            reverse("welfare-handout-confirm", args=[cycle.wang.pk]),
            {"action": "sign", "received_by": "王老汉", "signature": signature_png()},
        )
        after = text(as_xwz.get(url))
        assert f'data-entitlement="{cycle.wang.pk}"' not in after
        assert "1 of 2 collected" in after and "<strong>20</strong> kg" in after

    def test_the_not_collected_list_filters_by_village(self, cycle, people, district):
        client = client_for(people.subdistrict_officer)
        url = reverse("welfare-not-collected", args=[cycle.pk])
        everyone = text(client.get(url))
        assert "王老汉" in everyone and "李二" in everyone
        taer = text(client.get(url, {"unit": district.taer.pk}))
        assert "李二" in taer and "王老汉" not in taer


@pytest.mark.django_db
class TestStockPage:
    def test_goods_received_are_added_and_a_negative_quantity_is_refused(
        self, cycle, as_xwz, district
    ):
        url = reverse("welfare-stock", args=[cycle.pk])
        rice = cycle.programme.basket.get(name="大米")
        as_xwz.post(url, {"unit": district.xiwangzhuang.pk, "item": rice.pk, "quantity": "20"})
        stock = Stock.objects.get(cycle=cycle, unit=district.xiwangzhuang, item=rice)
        assert stock.received == 50
        refused = as_xwz.post(
            url, {"unit": district.xiwangzhuang.pk, "item": rice.pk, "quantity": "-1"}
        )
        assert refused.status_code == 200
        stock.refresh_from_db()
        assert stock.received == 50

    def test_a_clerk_cannot_receive_stock_for_another_village(self, cycle, as_xwz, district):
        rice = cycle.programme.basket.get(name="大米")
        as_xwz.post(
            reverse("welfare-stock", args=[cycle.pk]),
            {"unit": district.taer.pk, "item": rice.pk, "quantity": "20"},
        )
        assert Stock.objects.get(cycle=cycle, unit=district.taer, item=rice).received == 10

    def test_the_hand_out_index_lists_the_cycle_with_its_count(self, cycle, as_xwz):
        page = text(as_xwz.get(reverse("welfare-handout-cycles")))
        assert "春节慰问品" in page and "0 / 2" in page
