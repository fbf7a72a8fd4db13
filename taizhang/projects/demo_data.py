"""The figures and names the project-bank demo is built from (see `demo.py`)."""

from decimal import Decimal

from taizhang.projects.models import Category

# The seed: 223 projects, 809.68亿元 = 8,096,800万元; 40 产业类, 43 基础设施类, 140 社会民生类.
TOTAL_2022_WAN = Decimal("8096800.00")
CATEGORY_COUNTS = {
    Category.INDUSTRY: 40,
    Category.INFRASTRUCTURE: 43,
    Category.LIVELIHOOD: 140,
}

# The village small works the seed names, as projects with quantities (figures invented
# except those the seed gives: 1000多平方米, 500多平方米, 40多个).
# (name, category, responsible unit code, total investment in 万元, [(item, value, unit)])
SEED_WORKS = [
    (
        "东王庄村美化亮化绿化硬化工程（演示）",
        Category.LIVELIHOOD,
        "140213001205",
        "85",
        [("硬化巷道", "1000", "平方米"), ("植绿", "500", "平方米"), ("新建花池", "40", "个")],
    ),
    ("西王庄村梨园水乡综合体（演示）", Category.INDUSTRY, "140213001201", "3200", []),
    (
        "西谷庄村千亩高粱基地（演示）",
        Category.INDUSTRY,
        "140213001202",
        "1500",
        [("高粱种植", "1000", "亩")],
    ),
    ("小南头村柏油马路（演示）", Category.INFRASTRUCTURE, "140213001203", "260", []),
    ("小南头村集市中心（演示）", Category.LIVELIHOOD, "140213001203", "450", []),
    ("塔儿村生活广场（演示）", Category.LIVELIHOOD, "140213001204", "120", []),
]

# Responsible units of the invented projects, with the place their names start with.
AREAS = [
    ("140213001", "小南头街道"),
    ("140213002", "白登山街道"),
    ("140213003", "水泊寺街道"),
    ("140213004", "迎宾街道"),
    ("140213005", "永泰街道"),
    ("140213101", "平城区"),
]

# Synthetic map points (演示坐标), not surveyed: the centre of each responsible area around
# 平城区, 大同市 (about 40.08°N 113.30°E), as (latitude, longitude); a project lies a little
# way off its area's centre (see demo.py). A village's projects take its subdistrict's centre.
AREA_CENTRES = {
    "140213001": (Decimal("40.0520"), Decimal("113.3180")),  # 小南头街道, south-east
    "140213002": (Decimal("40.0950"), Decimal("113.3450")),  # 白登山街道, east
    "140213003": (Decimal("40.1180"), Decimal("113.2900")),  # 水泊寺街道, north
    "140213004": (Decimal("40.0780"), Decimal("113.2620")),  # 迎宾街道, west
    "140213005": (Decimal("40.0700"), Decimal("113.3000")),  # 永泰街道, centre-south
    "140213101": (Decimal("40.0830"), Decimal("113.3000")),  # 平城区 (district-wide), centre
}
PLACE_NOTE = "（演示位置，坐标为虚构）"

NAME_PATTERNS = {
    Category.INDUSTRY: [
        "智能制造产业园", "新材料产业基地", "农产品冷链物流中心", "文旅融合示范区",
        "数字经济孵化园", "黄花产业加工园", "光伏发电项目", "现代农业示范园",
        "商贸综合体", "食品加工厂房", "电子商务产业园", "文化创意街区",
        "仓储物流园", "民宿集群", "装备制造基地",
    ],
    Category.INFRASTRUCTURE: [
        "主干道提质改造", "雨污分流管网", "供热管网改造", "城市公园",
        "桥梁维修加固", "污水处理厂扩建", "燃气管道铺设", "停车场建设",
        "道路照明改造", "河道综合治理", "垃圾转运站", "供水管网改造",
        "公交场站", "绿道建设", "背街小巷改造",
    ],
    Category.LIVELIHOOD: [
        "老旧小区改造", "社区养老服务中心", "幼儿园新建", "中学教学楼",
        "社区卫生服务站", "保障性住房", "全民健身中心", "便民市场",
        "村级活动场所", "农村人居环境整治", "小学改扩建", "日间照料中心",
        "文化活动中心", "社区服务综合体", "职业技能培训中心",
    ],
}  # fmt: skip
