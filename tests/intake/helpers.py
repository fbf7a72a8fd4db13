"""Report texts and builders shared by the intake tests."""

from taizhang.intake import services

STATS_TEXT = """相关部门齐抓
平城区“一体化”强化项目建设

本报讯（记者 邱东芳）强化项目谋划，完善体制机制。

2022年，全区建设项目共有223个，总投资809.68亿元。其中：新建项目85个，续建项目138个，包含产业类项目40个，基础设施类项目43个，社会民生类项目140个。投资10亿元以上项目19个。
"""

WORKS_TEXT = """塔儿村小巷变美

本报记者 张三

今年，塔儿村投入资金30万元，硬化巷道1000多平方米，新建花池40多个，安装路灯20盏。
"""


def take_in(user, text):
    return services.create_report(by=user, text=text, source_name="")
