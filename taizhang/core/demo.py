"""The demo district 平城区 from the seed page, its users, and every module's demo data.

Running it again changes nothing: every unit and user is looked up by its code or name first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction

from taizhang.core import modules, services
from taizhang.core.access import SYSTEM
from taizhang.core.models import Unit, UnitKind, User
from taizhang.core.roles import Role

DEMO_PASSWORD = os.environ.get("TAIZHANG_DEMO_PASSWORD", "taizhang-demo-2022")

# (code, name, kind, parent code, officer user name, is_demo)
DEMO_UNITS: list[tuple[str, str, str, str | None, str | None, bool]] = [
    ("140213", "平城区", UnitKind.DISTRICT, None, None, False),
    ("140213001", "小南头街道", UnitKind.SUBDISTRICT, "140213", "xiaonantou", False),
    ("140213001201", "西王庄村", UnitKind.VILLAGE, "140213001", "xiwangzhuang", False),
    ("140213001202", "西谷庄村", UnitKind.VILLAGE, "140213001", "xiguzhuang", False),
    ("140213001203", "小南头村", UnitKind.VILLAGE, "140213001", "xiaonantoucun", False),
    ("140213001204", "塔儿村", UnitKind.VILLAGE, "140213001", "taer", False),
    ("140213001205", "东王庄村", UnitKind.VILLAGE, "140213001", "dongwangzhuang", False),
    ("140213001206", "寺儿村", UnitKind.VILLAGE, "140213001", "sier", False),
    # The page counts seven agricultural villages but names six: the seventh is invented.
    ("140213001207", "南园村", UnitKind.VILLAGE, "140213001", "nanyuan", True),
    ("140213001900", "小南头街道党工委", UnitKind.PARTY_ORG, "140213001", None, False),
    ("140213001901", "西王庄村党支部", UnitKind.PARTY_ORG, "140213001201", None, False),
    ("140213002", "白登山街道", UnitKind.SUBDISTRICT, "140213", "baidengshan", False),
    ("140213002201", "古城村", UnitKind.VILLAGE, "140213002", "guchengcun", False),
    ("140213003", "水泊寺街道", UnitKind.SUBDISTRICT, "140213", "shuibosi", False),
    ("140213003001", "文兴社区", UnitKind.COMMUNITY, "140213003", "wenxing", False),
    ("140213004", "迎宾街道", UnitKind.SUBDISTRICT, "140213", "yingbin", False),
    ("140213005", "永泰街道", UnitKind.SUBDISTRICT, "140213", "yongtai", False),
    ("140213101", "区发改局", UnitKind.DEPARTMENT, "140213", "fagaiju", False),
    ("140213102", "区委组织部", UnitKind.DEPARTMENT, "140213", "zuzhibu", False),
    ("140213103", "区住建局", UnitKind.DEPARTMENT, "140213", None, True),
    # The departments of the people-facing modules (civil affairs, social security, land, …).
    ("140213104", "区民政局", UnitKind.DEPARTMENT, "140213", "minzhengju", False),
    ("140213105", "区人社局", UnitKind.DEPARTMENT, "140213", "renshe", False),
    ("140213106", "区农业农村局", UnitKind.DEPARTMENT, "140213", "nongyeju", False),
    ("140213107", "区商务局", UnitKind.DEPARTMENT, "140213", "shangwuju", False),
    ("140213201", "平城区人民检察院", UnitKind.AGENCY, "140213", "jianchayuan", False),
    ("140213301", "共青团平城区委", UnitKind.PARTY_ORG, "140213", "tuanquwei", False),
    ("140213302", "平城区委党校", UnitKind.PARTY_ORG, "140213", None, False),
    ("140200101", "市生态环境局", UnitKind.AGENCY, None, "shengtaihuanjing", False),
]

# Other names the district writes for its units (简称 and full names), matched in ledgers and
# reports.
DEMO_ALIASES: dict[str, str] = {
    "140213": "平城区人民政府、区政府",
    "140213101": "平城区发展和改革局、发改局、区发展改革局",
    "140213102": "中共平城区委组织部、组织部",
    "140213103": "平城区住房和城乡建设局、住建局",
    "140213104": "平城区民政局、民政局",
    "140213105": "平城区人力资源和社会保障局、人社局、区人力资源和社会保障局",
    "140213106": "平城区农业农村局、农业农村局、区农业局",
    "140213107": "平城区商务局、商务局",
    "140213201": "平城区检察院、区检察院",
    "140213301": "团区委、共青团平城区委员会",
    "140213302": "区委党校、中共平城区委党校",
    "140200101": "大同市生态环境局、生态环境局",
}

# (user name, role, unit code, full name)
DEMO_STAFF: list[tuple[str, str, str, str]] = [
    ("admin", Role.DISTRICT_ADMIN, "140213", "区级管理员"),
    ("security", Role.SECURITY_ADMIN, "140213", "安全管理员"),
    ("office", Role.PROGRAMME_OFFICE, "140213101", "发改局项目办"),
    ("leader", Role.LEADER, "140213", "区领导"),
    ("auditor", Role.AUDITOR, "140213", "审计员"),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit: str


def demo_accounts() -> list[DemoAccount]:
    """Every active account with its roles and unit, read from the database after the demos
    have loaded, so the list shows the accounts the modules' demos made too:
    district roles first, then officers by their unit's place in the tree."""
    ranked = [Role.DISTRICT_ADMIN, Role.PROGRAMME_OFFICE, Role.LEADER, Role.AUDITOR]
    order: dict[str, int] = {role: index for index, role in enumerate([*ranked, Role.UNIT_OFFICER])}
    labels = dict(Role.choices)
    users = User.objects.filter(is_active=True).select_related("unit").prefetch_related("roles")
    accounts = []
    for user in users:
        roles = sorted((r.role for r in user.roles.all()), key=lambda role: order.get(role, 99))
        accounts.append(
            (
                order.get(roles[0], 99) if roles else 99,
                user.unit.path if user.unit else "",
                user.username,
                DemoAccount(
                    user.username,
                    "、".join(str(labels.get(role, role)) for role in roles) or "—",
                    user.unit.name if user.unit else "—",
                ),
            )
        )
    return [account for *_key, account in sorted(accounts, key=lambda row: row[:3])]


def _ensure_user(username: str, role: str, unit: Unit, full_name: str) -> User:
    """The platform creates the demo accounts with their roles (SYSTEM): in the district the
    system administrator creates accounts and the security administrator grants roles."""
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    return services.create_user(
        by=SYSTEM,
        username=username,
        password=DEMO_PASSWORD,
        unit=unit,
        roles=[role],
        full_name=full_name,
        admin_site=role in (Role.DISTRICT_ADMIN, Role.SECURITY_ADMIN),
    )


@transaction.atomic
def load_demo_district() -> None:
    """Create the demo org tree and one account per role and per subdistrict and village."""
    units: dict[str, Unit] = {
        u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in DEMO_UNITS])
    }
    for code, name, kind, parent_code, _officer, is_demo in DEMO_UNITS:
        aliases = DEMO_ALIASES.get(code, "")
        if code not in units:
            parent = Unit.objects.get(pk=units[parent_code].pk) if parent_code else None
            units[code] = services.create_unit(
                by=SYSTEM,
                parent=parent,
                code=code,
                name=name,
                kind=kind,
                is_demo=is_demo,
                aliases=aliases,
            )
        elif aliases and not units[code].aliases:  # a demo district loaded before aliases
            services.update_unit(units[code], by=SYSTEM, aliases=aliases)
    for username, role, unit_code, full_name in DEMO_STAFF:
        _ensure_user(username, role, units[unit_code], full_name)
    for code, name, _kind, _parent, officer, _demo in DEMO_UNITS:
        if officer:
            _ensure_user(officer, Role.UNIT_OFFICER, units[code], f"{name}干部")


def load_module_demos() -> list[str]:
    """Every registered module's demo data, in the order of INSTALLED_APPS, as the admin."""
    admin = User.objects.get(username="admin")
    loaded = []
    for module in modules.modules():
        if module.demo is not None:
            module.demo(admin)
            loaded.append(module.key)
    return loaded
