"""Draft kind of report intake: a rectification case (整治案件) from a supervision report.

An article that reports a finding ("…发现位于白登山街道古城村北的某汽车修理部存在3项环境污染隐患，即
混放废弃机油与其他物品，未单独设有危险废物储存间和危险废物识别标志。") and what was done about it
(检察建议, 整改, 督办, 查处, 责令…) gives one case draft: the subject, its address and village,
the unit that found it, the agency addressed (向市生态环境局提出检察建议), the findings one per
line and the legal basis (根据《中华人民共和国固体废物污染环境防治法》). Proposing is pure; the
campaign (chosen among those the person may file in, pre-selected by the words the article
shares with it) and each finding's category are filled in when the draft is shown.

A finding line may start with its category, "无危险废物标识｜未设置危险废物识别标志"; a line
without one takes the draft's default category. Confirming files the case through
`rectification.services.cases.open_case`; report intake links it to the sentence.
"""

from taizhang.rectification.intake_draft.kind import RectificationCaseDraft

__all__ = ["RectificationCaseDraft"]
