"""Absolute terms a host disguises (b3st, B.E.S.T, ｂｅｓｔ, Ｂ-Ｅ-Ｓ-Ｔ, n-u-m-b-e-r o-n-e, N-U-M-B-E-R 1, N°1, zui quiet) or
says in slang (GOAT, yyds, 🔝1, d1名), in other tongues and spellings (numero uno, 醉好看, 頂級) or in characters dressed as
letters and digits (TOP壹, Bеst, ｎｏ·１, 🅱️est, 1️⃣) are banned terms of their own, while the plain word in a plain sentence, model
codes and abbreviations are not."""

import pytest

from script_gen.compliance import check_compliance


@pytest.mark.parametrize("text, span", [
    ("These are the b3st desiccant packets out there.", "b3st"),
    ("Honestly the t0p-1 espresso machine this year.", "t0p-1"),
    ("Real w0rld-cla$$ finish on this drum.", "w0rld-cla$$"),
    ("Numb3r one shuttlecock, period.", "Numb3r one"),
    ("It's the B.E.S.T, capital letters.", "B.E.S.T"),
    ("The n.u.m.b.e.r o.n.e zither for beginners.", "n.u.m.b.e.r o.n.e"),
    ("The q-u-i-e-t-e-s-t fan you'll hear.", "q-u-i-e-t-e-s-t"),
    ("Full-width ｂｅｓｔ for a reason.", "ｂｅｓｔ"),
    ("Ｂ Ｅ Ｓ Ｔ hammock of the summer.", "Ｂ Ｅ Ｓ Ｔ"),
    ("Our N°1 pick for brows.", "N°1"),
    ("A zui quiet blender, trust me.", "zui quiet"),
    ("Honestly it's the Ｂ-Ｅ-Ｓ-Ｔ glue gun.", "Ｂ-Ｅ-Ｓ-Ｔ"),
    ("This brush is N-U-M-B-E-R 1 for sure.", "N-U-M-B-E-R"),
    ("This sound card is the GOAT, honestly.", "GOAT"),
    ("This watch is the Ｇ．Ｏ．Ａ．Ｔ of the year.", "Ｇ．Ｏ．Ａ．Ｔ"),
    ("这款真的是ｙｙｄｓ。", "ｙｙｄｓ"),
    ("🔝1的发箍，戴上就知道。", "🔝1"),
    ("学生党公认的d1名。", "d1名"),
    ("The numero uno baby lotion, no contest.", "numero uno"),
    ("The numbah one board book set.", "numbah one"),
    ("醉好看的高光就是这支。", "醉"),
    ("頂級的核桃粉，真材实料。", "頂級"),
    ("The 1️⃣ presenter kit, period.", "1️⃣"),
    ("口水兜里TOP壹。", "TOP壹"),
    ("Bеst pants in town.", "Bеst"),  # a Cyrillic е
    ("这个架子是ｎｏ·１。", "ｎｏ·１"),
    ("The 🅱️est cream for cold hands.", "🅱️est"),
    ("这支激光笔是全网第⑴。", "第⑴"),
])
def test_a_disguised_superlative_or_ranking_is_a_banned_term(text, span):
    found = check_compliance(text)
    assert [(f.kind, f.category, f.text) for f in found] == [("banned_term", "absolute", span)]


@pytest.mark.parametrize("text", [
    "The best part is the handle, it folds flat.",
    "The X5 model takes A4 paper and prints 3D shapes over USB-C.",
    "A 5G phone, mp3 files, a T-shirt from the U.S.A, e.g. this one.",
    "Wi-fi 6, a 2-in-1 design and 24k gold trim on the 4K TV stand.",
    "I'm honest with you, the test came back fine.",
    "The b2 size fits the R2D2 figure.",
    "Zui Xiang is the workshop's name, a family brand.",  # a name in pinyin
    "We keep a goat on the farm, and the D1 camera films it.",
    "第１次用的话少抹一点，BST time on the ferry.",
    "麻醉科的医生也来买，喝醉了别开车。",
])
def test_plain_words_codes_and_abbreviations_are_no_disguise(text):
    assert check_compliance(text) == []
