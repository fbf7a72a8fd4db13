from decimal import Decimal

import pytest

from taizhang.intake.extraction.figures import find_figures


def one(text):
    figures = find_figures(text)
    assert len(figures) == 1, [f.text for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "unit", "qualifier"),
    [
        ("小南头街道下辖7个农业村。", "7个", "7", "个", ""),
        ("目前，共流转土地2000多亩。", "2000多亩", "2000", "亩", "多"),
        ("全区建设项目共有223个。", "223个", "223", "个", ""),
        ("总投资809.68亿元。", "809.68亿元", "809.68", "亿元", ""),
        ("投资10亿元以上项目。", "10亿元以上", "10", "亿元", "以上"),
        ("全村下辖七个自然村。", "七个", "7", "个", ""),
        ("共发放慰问金两千多元。", "两千多元", "2000", "元", "多"),
        ("群众满意率达到百分之八十。", "百分之八十", "80", "%", ""),
        ("覆盖居民１２００户。", "１２００户", "1200", "户", ""),
        ("完成率达８５％。", "８５％", "85", "%", ""),
        ("惠及近3万人。", "近3万人", "3", "万人", "近"),
        ("同比增长2.5个百分点。", "2.5个百分点", "2.5", "个百分点", ""),
        ("招募志愿者十余名。", "十余名", "10", "名", "余"),
        ("约50名党员参加。", "约50名", "50", "名", "约"),
        ("排查隐患不足20处。", "不足20处", "20", "处", "不足"),
    ],
)
def test_it_reads_a_quantity_with_its_unit_and_qualifier(
    sentence, verbatim, value, unit, qualifier
):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.unit, figure.qualifier) == (
        verbatim,
        Decimal(value),
        unit,
        qualifier,
    )


@pytest.mark.parametrize(
    ("sentence", "low", "high", "unit"),
    [
        ("每亩土地增收600~700元。", "600", "700", "元"),
        ("每户补贴300～500元。", "300", "500", "元"),
        ("每人每月领取3至5斤大米。", "3", "5", "斤"),
        ("建设规模10-20亩。", "10", "20", "亩"),
        ("投资2—3亿元。", "2", "3", "亿元"),
        ("组建五到八个小组。", "5", "8", "个"),
    ],
)
def test_it_reads_ranges_as_low_and_high(sentence, low, high, unit):
    figure = one(sentence)
    assert (figure.low, figure.high, figure.unit, figure.value) == (
        Decimal(low),
        Decimal(high),
        unit,
        None,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "2022年，全区开展了工作。",
        "1—10月，各项工作有序推进。",
        "3月5日，志愿者走进社区。",
        "这正是一个缩影。",
        "为实现“奋斗两个五年、跨入第一方阵”总目标。",
        "实施百项行动和百家示范党组织。",
        "尝试千亩高粱基地项目建设。",
        "村民领到几百元不等的补贴。",
        "“1+1+1”学习模式。",
        "根据《2022年重点项目三项清单》执行。",
        "第三批项目开工。",
    ],
)
def test_dates_slogans_ordinals_and_words_are_not_quantities(sentence):
    assert find_figures(sentence) == []


def test_money_is_normalised_to_wan():
    assert one("总投资809.68亿元。").wan == Decimal("8096800.00")
    assert one("补贴600元。").wan == Decimal("0.06")
    assert one("补贴12345元。").wan == Decimal("1.2345")


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("目前，共流转土地2000多亩。", "流转土地"),
        ("小南头街道下辖7个农业村，街道党工委。", "农业村"),
        ("签订完成率达到了100%。", "签订完成率"),
        ("其中：新建项目85个，续建项目138个。", "新建项目"),
        ("发现某修理部存在3项环境污染隐患，即混放。", "环境污染隐患"),
        ("新建花池40多个，", "新建花池"),
    ],
)
def test_it_names_the_subject_the_sentence_gives(sentence, subject):
    assert find_figures(sentence)[0].subject == subject


def test_figure_offsets_point_into_the_original_text():
    text = "增收６００～７００元"
    figure = one(text)
    assert text[figure.start : figure.end] == figure.text == "６００～７００元"


@pytest.mark.parametrize(
    ("sentence", "verbatim", "unit", "qualifier"),
    [
        ("现场受众中青少年占近三成。", "近三成", "成", "近"),
        ("“家里温度有20多度，比往年暖和多了。”", "20多度", "度", "多"),
        ("市场主体总数达3.5万余户。", "3.5万余户", "万户", "余"),
    ],
)
def test_tenths_degrees_and_reported_speech_have_figures(sentence, verbatim, unit, qualifier):
    figure = one(sentence)
    assert (figure.text, figure.unit, figure.qualifier) == (verbatim, unit, qualifier)


def test_an_issue_number_is_not_a_quantity():
    assert find_figures("2022年第15期") == []


def test_a_chinese_decimal_is_one_figure():
    figure = one("累计完成投资七十八点六亿元。")
    assert (figure.text, figure.value, figure.unit) == ("七十八点六亿元", Decimal("78.6"), "亿元")


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "qualifier"),
    [("吸引近千人观看。", "近千人", "1000", "近"), ("惠及百余户。", "百余户", "100", "余")],
)
def test_a_round_hundred_or_thousand_with_a_qualifier_is_a_count(
    sentence, verbatim, value, qualifier
):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.qualifier) == (verbatim, Decimal(value), qualifier)


def test_a_span_of_years_is_a_period():
    assert find_figures("《2022-2025年行动计划》和2022—2025年的目标") == []


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "unit"),
    [
        ("注册用户1.87万名。", "1.87万名", "1.87", "万名"),
        ("环卫工人累计作业1.2万小时。", "1.2万小时", "1.2", "万小时"),
        ("机扫道路里程达1.5万公里。", "1.5万公里", "1.5", "万公里"),
        ("新增就业岗位1.1万余个。", "1.1万余个", "1.1", "万个"),
        ("全年接待游客3亿人次。", "3亿人次", "3", "亿人次"),
    ],
)
def test_wan_or_yi_before_any_unit_keeps_the_whole_unit_with_its_multiplier(
    sentence, verbatim, value, unit
):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.unit) == (verbatim, Decimal(value), unit)


@pytest.mark.parametrize(
    ("sentence", "verbatim", "unit"),
    [
        ("PM2.5平均浓度为32微克/立方米。", "32微克/立方米", "微克/立方米"),
        ("流转价格为650元/亩。", "650元/亩", "元/亩"),
        ("补贴标准为500元/月。", "500元/月", "元/月"),
        ("骑行量达4500人次/天。", "4500人次/天", "人次/天"),
        ("每餐补贴3元/人次。", "3元/人次", "元/人次"),
        ("低保标准提高到每人486元/人·月。", "486元/人·月", "元/人·月"),
    ],
)
def test_a_rate_keeps_its_compound_unit(sentence, verbatim, unit):
    figure = one(sentence)
    assert (figure.text, figure.unit) == (verbatim, unit)


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "unit"),
    [
        ("补贴期限最长三年。", "最长三年", "3", "年"),
        ("开展为期三年的专项行动。", "三年", "3", "年"),
        ("合作社已连续三年分红。", "三年", "3", "年"),
        ("培训时间为两个月。", "两个月", "2", "个月"),
        ("活动为期五天。", "五天", "5", "天"),
    ],
)
def test_a_duration_is_a_figure(sentence, verbatim, value, unit):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.unit) == (verbatim, Decimal(value), unit)


@pytest.mark.parametrize(
    "sentence",
    [
        "实施三年行动计划。",
        "编制五年规划。",
        "计划三年内完成。",
        "2023年，全区工作稳步推进。",
        "今年1—10月，空气质量持续向好。",
        "咨询电话：0352-5021234。",
        "落实平政办发〔2023〕15号文件要求。",
        "按照“1+1+1”模式推进。",
        "对照十四五规划目标。",
    ],
)
def test_dates_periods_codes_and_plans_are_not_figures(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "unit"),
    [
        ("共征集读书心得一万二千条。", "一万二千条", "12000", "条"),
        ("借阅图书一万两千余册。", "一万两千余册", "12000", "册"),
        ("参与读者达三万五千人次。", "三万五千人次", "35000", "人次"),
        ("累计投入三千五百万元。", "三千五百万元", "3500", "万元"),
        ("访问量突破一百二十万次。", "一百二十万次", "120", "万次"),
        ("借阅量达到二十万零五百册。", "二十万零五百册", "200500", "册"),
    ],
)
def test_a_chinese_numeral_with_wan_inside_is_read_whole(sentence, verbatim, value, unit):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.unit) == (verbatim, Decimal(value), unit)


@pytest.mark.parametrize(
    ("sentence", "verbatim"),
    [("受益群众三五万人。", "三五万人"), ("收集意见一万二千三四百条。", "一万二千三四百条")],
)
def test_a_numeral_that_cannot_be_read_whole_is_unreadable_not_smaller(sentence, verbatim):
    figure = one(sentence)
    assert figure.unreadable
    assert figure.text == verbatim
    assert figure.value is None
    assert figure.as_dict() == {
        "text": verbatim,
        "unreadable": True,
        "unit": figure.unit,
        "subject": figure.subject,
    }


@pytest.mark.parametrize(
    ("sentence", "verbatim", "unit"),
    [
        ("日均充电服务量约3600车次。", "约3600车次", "车次"),
        ("充电价格为1.2元/千瓦时。", "1.2元/千瓦时", "元/千瓦时"),
        ("全区计划用三年时间建成。", "三年", "年"),
    ],
)
def test_more_units_and_durations_of_batch_7(sentence, verbatim, unit):
    figure = one(sentence)
    assert (figure.text, figure.unit) == (verbatim, unit)


@pytest.mark.parametrize(
    ("sentence", "verbatim", "value", "unit", "qualifier"),
    [
        ("活动吸引群众近万人参与。", "近万人", "1", "万人", "近"),
        ("累计投入逾亿元。", "逾亿元", "1", "亿元", "逾"),
        ("开设课程12门。", "12门", "12", "门", ""),
        ("代办事项300多单。", "300多单", "300", "单", "多"),
        ("考核满分100分。", "100分", "100", "分", ""),
        ("已完成的约占五分之二。", "五分之二", "40", "%", ""),  # 约占: a verb between
        ("受益农户占三分之二。", "三分之二", "66.67", "%", ""),
        ("吸引上千名群众参与。", "上千名", "1000", "名", "上"),
        ("开展为期一个月的排查。", "一个月", "1", "个月", ""),
        ("储备棉被500床。", "500床", "500", "床", ""),
        ("每处储备不少于50人份。", "不少于50人份", "50", "人份", "不少于"),
    ],
)
def test_counts_shares_and_units_with_their_qualifier(sentence, verbatim, value, unit, qualifier):
    figure = one(sentence)
    assert (figure.text, figure.value, figure.unit, figure.qualifier) == (
        verbatim,
        Decimal(value),
        unit,
        qualifier,
    )


@pytest.mark.parametrize(
    "sentence",
    ["万人空巷迎新春。", "3号楼2单元完成改造。", "这支队伍成立于2019年。", "他曾入伍参军。"],
)
def test_words_holding_wan_dan_or_a_formal_digit_are_not_figures(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "推进二轮承包到期后再延长。",
        "区四套班子领导带队走访。",
        "建设二期工程。",
        "每月开展一次巡查。",
    ],
)
def test_ordinals_with_er_set_phrases_and_once_are_not_figures(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize("sentence", ["成百上千的志愿者", "比上年增长", "残疾人两项补贴按月发放。"])
def test_vague_counts_and_set_phrases_are_not_figures(sentence):
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    "sentence", ["材料一式两份报送。", "上午8时30分开始。", "各占三分之一，分别由两家承担。"]
)
def test_copies_times_and_fenbie_are_not_points(sentence):
    assert all(f.unit != "分" for f in find_figures(sentence))
