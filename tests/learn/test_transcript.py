"""Host transcripts (SRT, JSON segments) and matching them to a SKU's section variants."""

from __future__ import annotations

import json

import pytest

from core.errors import InputError
from learn.matching import KnownVariant, match_utterances, norm_text, similarity
from learn.transcript import TranscriptRejected, Utterance, parse_transcript

SRT = """1
00:00:01,000 --> 00:00:04,500
欢迎刚进直播间的朋友，今天给大家带来小熊电炖锅。

2
00:00:04,500 --> 00:00:09,000
陶瓷内胆，炖汤不粘锅

3
00:00:09,000 --> 00:00:12,000
我自己家里也天天在用这个锅，真的好用
"""


def test_srt_and_json_segments_read_in_time_order():
    srt = parse_transcript(SRT.encode(), "night.srt")
    assert [(u.start_s, u.end_s) for u in srt] == [(1.0, 4.5), (4.5, 9.0), (9.0, 12.0)]
    doc = {"segments": [{"start": 5, "end": 6.5, "text": "第二句"}, {"start": 0.5, "end": 2, "text": "第一句"}]}
    js = parse_transcript(json.dumps(doc, ensure_ascii=False).encode(), "whisper.json")
    assert [u.text for u in js] == ["第一句", "第二句"]


def test_bad_segments_are_each_reported():
    doc = [{"start": 0, "end": 1, "text": "好"}, {"start": 3, "end": 2, "text": "倒着"}, {"start": "x", "end": 4, "text": "a"},
           {"start": 1, "end": 2, "text": ""}, "junk"]
    with pytest.raises(TranscriptRejected) as err:
        parse_transcript(json.dumps(doc).encode(), "t.json")
    assert [i["line"] for i in err.value.details["issues"]] == [2, 3, 4, 5]
    with pytest.raises(InputError, match="nests deeper"):
        parse_transcript(("[" * 50 + "]" * 50).encode(), "t.json")
    said = "【笑】" + "[" * 20  # brackets a host says are text, not nesting
    assert [u.text for u in parse_transcript(json.dumps([{"start": 0, "end": 1, "text": said}]).encode(),
                                             "t.json")] == [said]
    with pytest.raises(InputError, match=".srt or a .json"):
        parse_transcript(b"hello", "t.txt")


def test_utterances_match_known_wordings_and_the_rest_become_candidates():
    known = [KnownVariant("hook-a", "sku1", "hook", ("欢迎刚进直播间的朋友，今天给大家带来小熊电炖锅。",)),
             KnownVariant("sp-a", "sku1", "selling_point", ("大家注意看，陶瓷内胆，炖汤不粘锅。", "{到手价}到手")),
             KnownVariant("hook-b", "sku1", "hook", ("新进来的朋友先别走，小熊的电炖锅给大家安排上了。",))]
    spans = match_utterances(parse_transcript(SRT.encode(), "n.srt"), known, threshold=0.55)
    assert [(s.key, s.section) for s in spans] == [("hook-a", "hook"), ("sp-a", "selling_point"),
                                                   (None, "selling_point")]
    assert spans[2].text == "我自己家里也天天在用这个锅，真的好用" and (spans[2].start_s, spans[2].end_s) == (9.0, 12.0)
    # ASR's full-width digits and spacing read the same as the script
    assert norm_text("到手价 １５９ 元！") == norm_text("到手价159元")
    assert similarity(norm_text("陶瓷内胆炖汤不粘锅"), norm_text("大家注意看，陶瓷内胆，炖汤不粘锅。")) > 0.6


def test_consecutive_utterances_of_one_variant_are_one_airing():
    known = [KnownVariant("sp-a", "s", "selling_point", ("陶瓷内胆，炖汤不粘锅，三档火力随心调。",))]
    spans = match_utterances([Utterance(0, 2, "陶瓷内胆炖汤不粘锅"), Utterance(2, 4, "三档火力随心调")], known, 0.55)
    assert [(s.key, s.start_s, s.end_s) for s in spans] == [("sp-a", 0, 4)]
