from taizhang.intake.extraction.names import Gazetteer, find_names

TREE = Gazetteer.build(
    [
        (1, "平城区", "district"),
        (2, "小南头街道", "subdistrict"),
        (3, "东王庄村", "village"),
        (4, "小南头村", "village"),
        (5, "市生态环境局", "agency"),
        (6, "文兴社区", "community"),
    ]
)


def names(text):
    return [(n.text, n.unit_id) for n in find_names(text, TREE)]


def test_units_of_the_tree_are_matched_with_their_id():
    assert names("该院及时向市生态环境局提出检察建议。") == [("市生态环境局", 5)]


def test_a_short_name_is_matched_only_when_no_other_unit_shares_it():
    assert ("东王庄", 3) in names("在小南头、东王庄等村的福利发放现场")
    assert not any(text == "小南头" for text, _id in names("在小南头、东王庄等村的福利发放现场"))


def test_unknown_units_are_offered_as_new():
    assert names("东风街道槐树村举行开工仪式。") == [("东风街道", None), ("槐树村", None)]


def test_a_chain_of_places_gives_each_place():
    assert [t for t, _ in names("位于白登山街道古城村北的修理部")] == ["白登山街道", "古城村"]


def test_a_known_unit_after_a_stray_word_is_the_known_unit():
    assert names("家住文兴社区的王大爷") == [("文兴社区", 6)]


def test_generic_words_are_not_names():
    text = "全区各村和示范区的社区工作人员在小区、农村、城市开展工作，该院负责。"
    assert names(text) == []


def test_a_department_needs_a_level_or_a_place_before_it():
    assert [t for t, _ in names("区应急管理局、会议室和服务中心")] == ["区应急管理局"]


def test_place_names_may_start_with_common_words():
    found = [t for t, _ in names("在新华街道、前进村、老城区和上庄村开展活动，送文化进村。")]
    assert found == ["新华街道", "前进村", "老城区", "上庄村"]


def test_a_kind_of_village_after_a_verb_is_not_a_name():
    found = [
        text for text, _id in names("水泊寺街道新开通公交线路3条，覆盖行政村18个，涉及自然村40个。")
    ]
    assert "水泊寺街道" in found
    assert not [text for text in found if text.endswith(("行政村", "自然村"))]


def test_a_units_other_names_are_matched_unless_two_units_share_one():
    tree = Gazetteer.build(
        [
            (7, "共青团平城区委", "party_org", "团区委、共青团平城区委员会"),
            (8, "区发改局", "department", "发改局"),
            (9, "区住建局", "department", "发改局"),
        ]
    )
    found = [(n.text, n.unit_id) for n in find_names("团区委号召青年志愿者，发改局牵头。", tree)]
    assert ("团区委", 7) in found
    assert ("发改局", 8) not in found and ("发改局", 9) not in found


def test_unit_names_holding_he_or_jia_are_whole():
    assert names("和平社区组织居民参加演练。") == [("和平社区", None)]
    assert names("王家堡村新建文化广场一处。") == [("王家堡村", None)]
    assert names("水泊寺街道和平社区开展活动。") == [("水泊寺街道", None), ("和平社区", None)]


def test_he_between_two_names_still_joins_two_units():
    assert names("东王庄村和小南头村联合开展活动。") == [("东王庄村", 3), ("小南头村", 4)]


def test_a_name_after_a_verb_of_co_operation_starts_after_the_verb():
    for verb in ("配合", "协同", "会同", "联合", "携手", "协助"):
        assert names(f"网格员{verb}区应急管理局开展排查。") == [("区应急管理局", None)], verb


def test_two_names_joined_by_lianhe_are_both_found():
    assert names("区民政局联合区人社局走访困难群众。") == [("区民政局", None), ("区人社局", None)]


def test_a_verb_and_a_generic_place_is_not_a_unit():
    for text in (
        "志愿者深入辖区宣传。",
        "志愿者服务城区商户。",
        "区人社局走访社区困难群众。",
        "在全区新建社区老年助餐点。",
    ):
        assert all(not name.endswith(("辖区", "城区", "社区")) for name, _id in names(text)), (
            text,
            names(text),
        )


def test_an_abbreviation_is_matched_through_the_aliases_kept_on_units():
    tree = Gazetteer.build(
        [
            (1, "共青团平城区委", "party_org", "团区委、共青团平城区委员会"),
            (2, "区发改局", "department", "平城区发展和改革局、区发展改革局"),
        ]
    )
    found = [(n.text, n.unit_name) for n in find_names("团区委协同区发展改革局开展活动。", tree)]
    assert found == [("团区委", "共青团平城区委"), ("区发展改革局", "区发改局")]


def test_department_names_holding_a_verb_are_names():
    assert names("区发改委、市发展改革委相关负责同志到场。") == [
        ("区发改委", None),
        ("市发展改革委", None),
    ]


def test_a_library_or_museum_of_a_level_is_a_unit():
    assert names("区图书馆馆长表示") == [("区图书馆", None)]


def test_the_party_prefix_zhonggong_is_part_of_the_name():
    assert names("中共平城区委办公室印发通知。") == [("中共平城区委办公室", None)]


def test_a_peoples_organisation_of_a_level_is_a_unit():
    assert names("永泰街道联合区司法局、区妇联开展活动。") == [
        ("永泰街道", None),
        ("区司法局", None),
        ("区妇联", None),
    ]


def test_a_village_before_its_party_branch_is_named():
    assert ("李家庄村", None) in names("活动中，李家庄村党支部书记介绍了经验。")


def test_a_name_does_not_start_inside_a_word_such_as_quanqu_or_niandu():
    text = "全区城乡低保标准统一提高，本年度城乡医疗救助资金足额到位，全市乡村振兴稳步推进。"
    assert names(text) == []
    assert [t for t, _ in names("全区东风村建成文化广场")] == ["东风村"]


def test_a_word_ending_in_shi_inside_a_phrase_is_not_a_city():
    assert names("周末，农夫市集开张；晚间，消夏市井烟火气足。") == []
    assert [t for t, _ in names("朔州市集中开展夜市整治")] == ["朔州市"]


def test_a_name_after_the_verb_shixian_starts_after_it():
    assert names("上半年全区实现地区生产总值80亿元。") == []


def test_nongcun_the_countryside_is_not_a_village_name():
    text = "全区共评出先进党组织20个，其中农村党组织9个；为推进农村改革，各涉农村居开展清查。"
    assert names(text) == []
    assert [t for t, _ in names("新农村党支部、古店村")] == ["古店村"]


def test_a_word_opening_with_cun_is_not_a_village():
    assert names("居民对村容村貌、村风村俗的满意度提高，村前村后干净整洁。") == []


def test_a_village_whose_name_holds_cun_twice_is_named():
    assert ("李村村", None) in names("小南头街道李村村等4个村完成改造，李村村两委带头。")


def test_a_level_before_a_units_short_name_is_another_unit_at_that_level():
    tree = Gazetteer.build([(1, "区民政局", "department", "民政局")])
    found = [(n.text, n.unit_name) for n in find_names("民政局会同市民政局、省民政局检查。", tree)]
    assert found == [("民政局", "区民政局"), ("市民政局", ""), ("省民政局", "")]


def test_the_zhujian_abbreviation_holds_a_stop_character_but_is_one_name():
    assert names("县住建局、市住建局派员指导。") == [("县住建局", None), ("市住建局", None)]


def test_he_or_jia_right_before_the_suffix_is_inside_a_two_character_name():
    assert [t for t, _ in names("在太和社区、赵家村开展活动")] == ["太和社区", "赵家村"]
    assert names("组织居民和社区工作者、各村和社区干部参加。") == []


def test_qianjin_as_a_places_name_is_not_going_into_it():
    assert [t for t, _ in names("前进社区居民")] == ["前进社区"]
    assert names("组织文艺节目进社区") == []


def test_the_district_party_committee_alone_is_a_unit_but_not_its_posts():
    assert names("在区委、区政府的统一部署下") == [("区委", None), ("区政府", None)]
    assert names("区委书记到场，区委各部委参加。") == []


def test_a_name_starts_after_verbs_of_reporting_or_arranging():
    assert names("于6月中旬报送市财政局，安排社区干部值守。") == [("市财政局", None)]
    assert names("据马铺村负责人介绍") == [("马铺村", None)]


def test_an_office_of_a_committee_and_a_charity_are_units():
    assert names("区防汛抗旱指挥部办公室会同区慈善总会") == [
        ("区防汛抗旱指挥部办公室", None),
        ("区慈善总会", None),
    ]


def test_a_subdistrict_office_is_one_name():
    assert ("小南头街道办事处", None) in names("小南头街道办事处组织开展")


def test_departments_holding_shuju_or_joined_by_he_after_a_department():
    assert names("区审计局和区公安分局、区数据局联合检查") == [
        ("区审计局", None),
        ("区公安分局", None),
        ("区数据局", None),
    ]


def test_a_name_starts_after_tiqing_and_an_association_is_a_unit():
    assert names("提请区纪委监委处理，区志愿服务联合会配合。") == [
        ("区纪委监委", None),
        ("区志愿服务联合会", None),
    ]


def test_the_party_organ_of_a_named_place_is_a_name_besides_the_place():
    assert names("马铺村党支部牵头") == [("马铺村党支部", None), ("马铺村", None)]
    assert names("村党支部书记和街道党工委负责人") == []


def test_areas_words_and_verbs_before_cun_are_not_units():
    text = "推进永泰街道棚户区改造，低于当地城乡低保标准，培训村“两委”干部85人次。"
    assert names(text) == [("永泰街道", None)]


def test_the_party_organ_of_a_village_after_its_subdistrict_is_the_villages():
    found = names("白登山街道古城村党支部召开推进会")
    assert ("古城村党支部", None) in found and ("白登山街道古城村党支部", None) not in found
