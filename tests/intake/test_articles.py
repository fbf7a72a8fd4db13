import json

import pytest

from taizhang.intake.extraction import extract
from taizhang.intake.extraction.articles import split_articles
from taizhang.intake.extraction.lines import read_lines
from taizhang.intake.extraction.names import Gazetteer
from taizhang.intake.reading import check_text
from tests.intake.conftest import DATA


def articles_of(text):
    return [a.as_dict() for a in split_articles(read_lines(text))]


def test_the_seed_page_gives_six_articles_with_their_bylines(seed_text):
    articles = articles_of(seed_text)
    assert [a["bylines"] for a in articles] == [
        ["宋芳"],
        ["何婧"],
        ["孙权"],
        ["邱东芳"],
        ["孙露"],
        ["有为"],
    ]
    assert [a["truncated"] for a in articles] == [False, False, True, False, False, False]
    assert articles[4]["captions"] == ["图为返乡大学生志愿者参与社区疫情防控。孙露 摄"]


def test_column_broken_lines_are_mended(seed_text):
    body = "".join(articles_of(seed_text)[0]["body"])
    assert "街道党工委通过学习" in body
    assert "过年过节还有节日礼品" in body


def test_a_headline_block_printed_twice_gives_one_article():
    text = (
        "重点项目引领\n\n相关部门齐抓\n平城区强化项目建设\n\n"
        "本报讯（记者 张三）全区项目建设有序推进。\n\n"
        "相关部门齐抓\n\n重点项目引领\n平城区强化项目建设\n\n"
        "新标题在这里\n\n本报记者 李四\n\n正文第一段。"
    )
    articles = articles_of(text)
    assert [a["title"] for a in articles] == ["平城区强化项目建设", "新标题在这里"]
    assert articles[1]["bylines"] == ["李四"]


def test_section_headings_stay_in_their_article():
    text = (
        "主标题\n\n本报记者 王五\n\n第一段正文，写得很长很长。\n\n产业发展快\n项目落地稳\n\n"
        "第二段正文，也在同一篇文章里。"
    )
    articles = articles_of(text)
    assert len(articles) == 1
    assert "第二段正文，也在同一篇文章里。" in articles[0]["body"]


def test_an_article_cut_off_mid_sentence_is_flagged():
    articles = articles_of("标题\n\n本报记者 赵六\n\n村里新修道路三公里，并计划在明年")
    assert articles[0]["truncated"] is True


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.stem)
def test_each_corpus_report_splits_as_labelled(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    got = articles_of(path.read_text(encoding="utf-8"))
    keys = ("title", "bylines", "truncated")
    assert [{k: a[k] for k in keys} for a in got] == [
        {k: a[k] for k in keys} for a in expected["articles"]
    ]


# The held-out batches whose misses were turned into rules (a batch scored once and left as it
# scored is not listed: its score is the README's estimate, not a target).
TUNED_BATCHES = ["heldout", *(f"heldout{n}" for n in range(2, 11))]


@pytest.mark.parametrize("folder", ["", *TUNED_BATCHES])
def test_the_corpus_and_each_held_out_batch_meet_the_quality_targets(folder):
    """Figures ≥ 0.95 precision and recall, names ≥ 0.9, over the corpus and over each held-out
    batch as its rules left it (so a later rule that breaks an earlier batch is seen)."""
    from benchmarks.intake_quality import Score, gazetteer, score_report

    score = Score()
    gaz = gazetteer()
    for path in sorted((DATA / folder).glob("*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        score_report(path.stem, path.read_text(encoding="utf-8"), expected, score, gaz, False)
    for field, target in (("figures", 0.95), ("names", 0.9)):
        assert score.matched[field] / score.found[field] >= target, field
        assert score.matched[field] / score.expected[field] >= target, field


def test_extraction_is_the_same_for_crlf_text(seed_text):
    crlf = check_text(seed_text.replace("\n", "\r\n"))
    assert extract(seed_text).as_dict() == extract(crlf).as_dict()


def test_a_long_line_without_punctuation_is_read_without_backtracking():
    """Guards the patterns: this took seconds before bylines required separators."""
    import time

    started = time.perf_counter()
    extract("记者" + "平城区各街道村社区项目建设工作" * 700)
    assert time.perf_counter() - started < 2


def test_a_notice_keeps_its_salutation_in_the_body_and_its_signature_out_of_the_articles():
    text = (
        "关于重点工作督办情况的通报\n\n各街道、区直各部门：\n\n现将督办情况通报如下：共交办事项48项。\n\n"
        "平城区人民政府督查室\n2022年10月12日\n"
    )
    articles = split_articles(read_lines(text))
    assert [a.title for a in articles] == ["关于重点工作督办情况的通报"]
    assert [line.text for line in articles[0].trailers] == ["平城区人民政府督查室"]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 欧阳晓明 通讯员 李四", ["欧阳晓明", "李四"]),
        ("首席记者 王五", ["王五"]),
        ("文/图 张三", ["张三"]),
        ("（本报特约通讯员 赵六）", ["赵六"]),
        ("本报讯（特约通讯员 高远）近日，全区开展活动。", ["高远"]),
        ("图为志愿者在清扫街道。（王强 摄）", ["王强"]),
    ],
)
def test_writers_are_read_from_every_kind_of_byline(line, names):
    from taizhang.intake.extraction.lines import classify

    assert classify(line)[1] == names


def test_unsigned_briefs_split_where_the_headline_names_who_the_text_is_about():
    text = (
        "寺儿村建成养老服务站\n\n寺儿村村级养老服务站正式投入使用，可为50名老人服务。\n\n"
        "文兴社区开展垃圾分类宣传\n\n文兴社区组织志愿者发放宣传资料800余份。"
    )
    assert [a["title"] for a in articles_of(text)] == [
        "寺儿村建成养老服务站",
        "文兴社区开展垃圾分类宣传",
    ]


def test_a_byline_after_the_text_closes_the_article():
    text = (
        "标题一\n\n第一篇的正文写在这里，内容完整。\n\n记者 张三\n\n"
        "标题二\n\n第二篇的正文也写在这里。"
    )
    articles = articles_of(text)
    assert [(a["title"], a["bylines"]) for a in articles] == [("标题一", ["张三"]), ("标题二", [])]


def test_a_page_header_spread_across_the_page_is_not_an_article():
    text = (
        "第2版                     要闻                     2023年5月12日\n\n"
        "老旧小区改造跑出加速度\n\n本报讯（记者 李明）今年以来，永泰街道改造老旧小区12个。"
    )
    articles = articles_of(text)
    assert [a["title"] for a in articles] == ["老旧小区改造跑出加速度"]


def test_a_lead_ending_in_rufa_is_not_merged_with_the_first_numbered_section():
    text = (
        "关于民生实事完成情况的通报\n\n各街道、区直各部门：\n\n"
        "2023年，12件民生实事全部完成。现将有关情况通报如下：\n\n"
        "一、新建改造城市道路8条。\n\n二、新增幼儿园学位1200个。\n"
    )
    assert articles_of(text)[0]["body"] == [
        "各街道、区直各部门：",
        "2023年，12件民生实事全部完成。现将有关情况通报如下：",
        "一、新建改造城市道路8条。",
        "二、新增幼儿园学位1200个。",
    ]


def test_numbered_items_ending_in_semicolons_stay_apart_even_without_blank_lines():
    text = (
        "区委组织部部署年度考核工作\n\n本报记者 闫鹏\n\n主要内容如下：\n"
        "（一）考核对象为73个单位；\n（二）述职时间不超过8分钟；\n（三）结果分四个等次。\n"
    )
    assert articles_of(text)[0]["body"] == [
        "主要内容如下：",
        "（一）考核对象为73个单位；",
        "（二）述职时间不超过8分钟；",
        "（三）结果分四个等次。",
    ]


def test_a_line_cut_mid_sentence_is_still_mended():
    text = "标题\n\n本报记者 宋芳\n\n小南头街道党工委组织开展活动，共有\n\n30名党员参加。\n"
    assert articles_of(text)[0]["body"] == ["小南头街道党工委组织开展活动，共有30名党员参加。"]


WECHAT_POST = """平城发布
2023-11-20 18:30 发表于山西

点击蓝字 关注我们

暖心！迎宾街道为独居老人送去冬日温暖

近日，迎宾街道组织志愿者走访独居老人42户。

文字：李娜
摄影：张伟 王强
编辑：赵敏
审核：刘建国

来源：迎宾街道

往期推荐
分享 点赞 在看
"""

DOCUMENT = """平城区人民政府办公室文件

平政办发〔2023〕27号

平城区人民政府办公室
关于印发平城区冬季清洁取暖工作方案的通知

各街道办事处，区直各有关单位：

《平城区冬季清洁取暖工作方案》已经区政府同意，现印发给你们，请认真贯彻执行。

平城区人民政府办公室
2023年10月12日
"""


def test_a_wechat_post_has_its_real_title_and_its_account_and_date_as_fields():
    (article,) = articles_of(WECHAT_POST)
    assert article["title"] == "暖心！迎宾街道为独居老人送去冬日温暖"
    assert (article["kicker"], article["subtitles"]) == ("", [])
    assert article["fields"] == {"issuer": "平城发布", "date": "2023-11-20"}
    assert article["body"] == ["近日，迎宾街道组织志愿者走访独居老人42户。"]


def test_wechat_credits_are_bylines_but_reviewers_are_not():
    (article,) = articles_of(WECHAT_POST)
    assert article["bylines"] == ["李娜", "张伟", "王强", "赵敏"]


def test_a_page_editor_without_credits_is_not_a_byline():
    text = "标题\n\n本报记者 宋芳\n\n全区共有223个项目。\n\n编辑：王小二\n"
    assert articles_of(text)[0]["bylines"] == ["宋芳"]


def test_an_official_document_has_its_title_and_its_number_issuer_and_date_as_fields():
    (article,) = articles_of(DOCUMENT)
    assert article["title"] == "平城区人民政府办公室关于印发平城区冬季清洁取暖工作方案的通知"
    assert article["fields"] == {
        "issuer": "平城区人民政府办公室",
        "doc_number": "平政办发〔2023〕27号",
        "date": "2023-10-12",
        "recipients": "各街道办事处，区直各有关单位",
    }


def test_a_document_number_is_never_a_figure():
    figures = extract(DOCUMENT).as_dict()["figures"]
    assert figures == []


def test_a_speaker_line_signs_a_speech():
    text = (
        "在全区安全生产工作会议上的讲话\n\n区委副书记、区长 王志刚\n\n（2023年3月6日）\n\n"
        "同志们：\n\n今天召开全区安全生产工作会议。\n"
    )
    (article,) = articles_of(text)
    assert article["title"] == "在全区安全生产工作会议上的讲话"
    assert article["bylines"] == ["王志刚"]
    assert article["fields"] == {"date": "2023-03-06"}


def test_a_correspondent_and_a_supplying_unit_sign_an_article():
    text = (
        "西王庄村发展特色种植\n\n通讯员 冯晓东 赵丽\n\n今年，西王庄村流转土地860亩。\n\n"
        "供稿单位：小南头街道\n"
    )
    result = extract(text).as_dict()
    assert result["articles"][0]["bylines"] == ["冯晓东", "赵丽", "小南头街道"]
    kinds = {n["text"]: n["kind"] for n in result["names"]}
    assert kinds["小南头街道"] == "unit"
    assert kinds["冯晓东"] == "person"


def test_credits_with_slashes_on_one_line_are_bylines_editor_included():
    text = (
        "区融媒体中心\n2024年1月8日 20:05\n\n古城村：冰雪游带火乡村经济\n\n"
        "元旦假期，古城村冰雪乐园接待游客1.2万人次。\n\n文字/王鹏 摄影/李晓 视频/张凯 责编/赵雪\n"
    )
    (article,) = articles_of(text)
    assert article["bylines"] == ["王鹏", "李晓", "张凯", "赵雪"]
    assert article["fields"] == {"issuer": "区融媒体中心", "date": "2024-01-08"}


def test_a_joint_document_has_both_issuers_in_its_title_and_its_issuer():
    text = (
        "中共平城区委办公室\n平城区人民政府办公室\n关于做好元旦春节期间有关工作的通知\n\n"
        "平办字〔2023〕58号\n\n各街道党工委、办事处：\n\n现就有关事项通知如下：\n\n"
        "一、做好走访慰问。\n\n中共平城区委办公室\n平城区人民政府办公室\n2023年12月25日\n"
    )
    (article,) = articles_of(text)
    assert article["title"] == (
        "中共平城区委办公室平城区人民政府办公室关于做好元旦春节期间有关工作的通知"
    )
    assert article["fields"]["issuer"] == "中共平城区委办公室、平城区人民政府办公室"
    assert article["fields"]["doc_number"] == "平办字〔2023〕58号"
    assert article["fields"]["date"] == "2023-12-25"


def test_a_paragraph_ending_in_a_colon_over_a_table_is_not_cut_off():
    text = "标题\n\n本报记者 宋芳\n\n各村情况如下：\n\n村名\t户数（户）\n西王庄村\t86\n"
    assert articles_of(text)[0]["truncated"] is False


def test_a_byline_with_the_newsroom_before_the_role_signs_the_article():
    text = (
        "“暖冬行动”温暖困难群众\n\n平城区融媒体中心记者 王晓雯 实习生 陈晨\n\n"
        "近日，区民政局启动“暖冬行动”。\n"
    )
    (article,) = articles_of(text)
    assert (article["title"], article["bylines"]) == ("“暖冬行动”温暖困难群众", ["王晓雯", "陈晨"])


def test_an_author_line_with_the_authors_unit_gives_the_author():
    text = "西谷庄村：党建引领产业兴\n\n作者：平城区委组织部 赵欣\n\n西谷庄村党支部带领群众致富。\n"
    (article,) = articles_of(text)
    assert article["bylines"] == ["赵欣"]


def test_items_numbered_yishi_erhshi_stay_apart():
    text = (
        "区委督查室通报重点工作\n\n本报讯 近日，督查情况如下：\n"
        "一是项目建设有序推进；\n二是民生实事稳步落实。\n"
    )
    assert articles_of(text)[0]["body"] == [
        "本报讯 近日，督查情况如下：",
        "一是项目建设有序推进；",
        "二是民生实事稳步落实。",
    ]


WECHAT_POST_WITH_BARS = """马铺村的葡萄熟了　采摘游火起来

原创 口泉乡村振兴 2024-09-02 20:15 发表于山西

点击蓝字关注我们

9月1日，口泉街道马铺村葡萄园迎来首批采摘游客。

文字丨周敏　摄影｜韩东 陈雪
编辑 | 孟川
审核丨赵长青
"""


def test_credits_with_a_bar_between_role_and_name_are_bylines():
    (article,) = articles_of(WECHAT_POST_WITH_BARS)
    assert article["bylines"] == ["周敏", "韩东", "陈雪", "孟川"]


def test_a_wechat_account_line_gives_the_account_without_yuanchuang_and_the_date():
    (article,) = articles_of(WECHAT_POST_WITH_BARS)
    assert article["title"] == "马铺村的葡萄熟了　采摘游火起来"
    assert article["fields"] == {"issuer": "口泉乡村振兴", "date": "2024-09-02"}
    assert article["body"] == ["9月1日，口泉街道马铺村葡萄园迎来首批采摘游客。"]


def test_a_line_that_only_states_a_date_is_not_an_account_line():
    text = "标题在此处\n\n本报记者 宋芳\n\n要闻 2023年5月12日\n\n全区共有223个项目。\n"
    assert "issuer" not in articles_of(text)[0]["fields"]


LABELLED_DOCUMENT = """索 引 号：00012345-6/2024-00317
主题分类：城乡建设
发文机关：平城区住房和城乡建设局
文　　号：平建发〔2024〕9号
成文日期：2024年3月18日
主　　送：各街道办事处，区直各有关单位

关于开展2024年城镇燃气安全排查整治的通知

各街道办事处，区直各有关单位：

为切实保障群众用气安全，决定在全区开展城镇燃气安全排查整治。

平城区住房和城乡建设局
2024年3月18日
"""


def test_a_documents_labelled_metadata_lines_are_its_fields_not_its_title():
    (article,) = articles_of(LABELLED_DOCUMENT)
    assert (article["kicker"], article["title"], article["subtitles"]) == (
        "",
        "关于开展2024年城镇燃气安全排查整治的通知",
        [],
    )
    assert article["fields"] == {
        "issuer": "平城区住房和城乡建设局",
        "doc_number": "平建发〔2024〕9号",
        "date": "2024-03-18",
        "recipients": "各街道办事处，区直各有关单位",
    }
    assert article["body"] == [
        "各街道办事处，区直各有关单位：",
        "为切实保障群众用气安全，决定在全区开展城镇燃气安全排查整治。",
    ]


WECHAT_POST_WITH_RELATED = """原创 平城民政 2024-01-10 19:00 发表于山西

寒冬送暖到家门

近日，小南头街道为辖区困难群众送去棉被120床。

文字：刘芳
图片：街道供图
编辑：王磊

往期推荐
▶ 平城区新增5个省级示范村
▶ 东王庄村的新年新气象

阅读原文
"""


def test_related_posts_under_a_wechat_post_and_a_supplied_picture_are_not_read():
    (article,) = articles_of(WECHAT_POST_WITH_RELATED)
    assert article["bylines"] == ["刘芳", "王磊"]
    assert article["body"] == ["近日，小南头街道为辖区困难群众送去棉被120床。"]
    names = [n["text"] for n in extract(WECHAT_POST_WITH_RELATED).as_dict()["names"]]
    assert "东王庄村" not in names and "平城区" not in names


def test_a_newsroom_and_a_name_in_brackets_after_an_article_sign_it():
    text = "标题写在这里\n\n近日，古店村召开村民大会。\n\n（平城区融媒体中心 赵晴）\n"
    assert articles_of(text)[0]["bylines"] == ["赵晴"]


BRIEFING = """“银龄行动”工作简报

第3期

平城区老龄工作委员会办公室　　　　2024年3月2日

马铺村：老年食堂办进家门口

马铺村利用闲置村委旧址开办老年食堂，每天为60余名老人提供午餐。

（口泉街道党工委供稿）
"""


def test_a_briefing_gives_its_issuer_and_date_and_its_supplier_signs_the_article():
    (article,) = articles_of(BRIEFING)
    assert article["title"] == "马铺村：老年食堂办进家门口"
    assert article["fields"] == {"issuer": "平城区老龄工作委员会办公室", "date": "2024-03-02"}
    assert article["bylines"] == ["口泉街道党工委"]
    names = {(n["text"], n["kind"]) for n in extract(BRIEFING).as_dict()["names"]}
    assert {("平城区老龄工作委员会办公室", "unit"), ("口泉街道党工委", "unit")} <= names


def test_an_account_over_a_date_with_a_time_and_a_place_is_not_the_title():
    text = (
        "暖冬行动｜马铺村送来新棉衣\n\n平城民政\n2024年1月5日 19:20 山西\n\n"
        "近日，马铺村为老人送去棉衣50件。\n"
    )
    (article,) = articles_of(text)
    assert article["title"] == "暖冬行动｜马铺村送来新棉衣"
    assert article["fields"] == {"issuer": "平城民政", "date": "2024-01-05"}


PORTAL_PAGE = """首页 > 政府信息公开 > 通知公告

发文机关：平城区农业农村局
成文日期：2024年4月2日
标　　题：平城区农业农村局关于开展2024年春季农村土地承包经营权流转合同清理工作的通知

平城区农业农村局关于开展2024年春季农村土地承包经营权流转合同清理工作的通知

各街道办事处：

现将有关事项通知如下：
"""


def test_a_portal_pages_breadcrumb_and_title_label_are_not_the_title():
    (article,) = articles_of(PORTAL_PAGE)
    assert article["title"] == (
        "平城区农业农村局关于开展2024年春季农村土地承包经营权流转合同清理工作的通知"
    )
    assert article["fields"] == {"issuer": "平城区农业农村局", "date": "2024-04-02"}


NOTICE_OF_TWO = """督查通报

第5期

中共平城区委督查室　平城区人民政府督查室　　2024年5月6日

关于一季度重点任务落实情况的通报

各街道、各部门：一季度共督办事项40项，已办结35项。
"""


def test_a_supervision_notices_masthead_gives_its_two_issuers_and_date():
    (article,) = articles_of(NOTICE_OF_TWO)
    assert article["title"] == "关于一季度重点任务落实情况的通报"
    assert article["fields"]["date"] == "2024-05-06"
    names = {n["text"] for n in extract(NOTICE_OF_TWO).as_dict()["names"]}
    assert {"中共平城区委督查室", "平城区人民政府督查室"} <= names


def test_a_two_part_headline_a_quoted_headline_and_a_ji_subtitle_are_headlines():
    text = (
        "白登山街道新建养老驿站12个 1800名老人就近享服务\n\n"
        "本报讯（记者 何婧）近日，白登山街道新建养老驿站12个。\n"
    )
    assert articles_of(text)[0]["title"] == "白登山街道新建养老驿站12个 1800名老人就近享服务"
    feature = (
        "“有事找支部，准没错”\n记马铺村党支部\n\n记者 宋芳\n\n"
        "走进马铺村，村民们说起支部都竖起大拇指。\n"
    )
    (article,) = articles_of(feature)
    assert (article["title"], article["subtitles"]) == ("“有事找支部，准没错”", ["记马铺村党支部"])


def test_a_numbered_section_with_its_text_right_under_it_stays_in_the_speech():
    text = (
        "在全区养老服务工作会议上的讲话\n\n区委副书记　王明\n\n同志们：\n\n"
        "今天召开会议，部署下一步工作。\n\n"
        "一、肯定成绩\n今年以来，全区新建养老驿站30个。\n\n"
        "二、明确任务\n近日，区民政局印发了实施方案。\n"
    )
    (article,) = articles_of(text)
    assert article["title"] == "在全区养老服务工作会议上的讲话"


BRIEFS = """简讯

口泉街道举办健康讲座
近日，口泉街道为辖区老人举办健康讲座，60余名老人参加。（通讯员 范磊）

马铺村完成巷道硬化
日前，马铺村完成巷道硬化3000平方米。（赵洁）

区民政局开展冬季走访
近日，区民政局走访困难群众80户。（区民政局供稿）
"""


def test_brief_items_signed_at_the_end_of_their_paragraph_are_bylines():
    assert [a["bylines"] for a in articles_of(BRIEFS)] == [["范磊"], ["赵洁"], ["区民政局"]]


def test_recommended_posts_are_not_read_even_with_a_comma():
    text = (
        "@全体志愿者 新年第一课来了\n\n平城志愿\n2024年1月3日 20:00 山西\n\n"
        "近日，迎宾街道组织志愿者培训，120人参加。\n\n"
        "推荐阅读\n▶ 2023年，我们一起走过的12个瞬间\n▶ 寒潮来袭，这份提示请收好\n"
    )
    (article,) = articles_of(text)
    assert article["body"] == ["近日，迎宾街道组织志愿者培训，120人参加。"]
    assert [f["text"] for f in extract(text).as_dict()["figures"]] == ["120人"]


def test_a_documents_issuer_is_named_first_as_its_masthead_stands_first():
    tree = Gazetteer.build([(1, "区民政局", "department", "平城区民政局")])
    text = (
        "平城区民政局文件\n\n平民发〔2024〕5号\n\n关于开展低保复核的通知\n\n各街道办事处：\n\n"
        "区民政局将按不低于10%的比例进行抽查。\n\n平城区民政局\n\n2024年3月1日\n"
    )
    assert [n["text"] for n in extract(text, tree).as_dict()["names"]] == ["平城区民政局"]
