"""The judge stage on models the tests build and train themselves, and on a real loopback endpoint.

The tiny models memorise a handful of (fact, claim) pairs written here; they prove the wiring
(retrieval, batching, label reading, spans, citations), not that any checkpoint understands Chinese.
"""

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import torch
from chat_server import ChatServer
from evercast_testkit import char_pair_tokenizer
from transformers import BertConfig, BertForSequenceClassification, GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

from core.errors import NotConfiguredError, TransientError
from core.models import Merchant
from core.settings import JudgeSettings
from script_gen.generate import check_script_text
from script_gen.judge import Judge, JudgeItem, claim_clauses, judge_for, judge_messages, make_judge
from script_gen.judge_backends import NliJudge, OpenAIJudge, hf_judge
from script_gen.llm_backends import plain_prompt
from script_gen.records import Attribute, Faq, KnowledgeBase, Sku
from script_gen.verify import Verifier
from workers.commands import kb, scripts
from workers.runtime import Runtime

AT = datetime(2026, 12, 5, 20, 0)
SKU = Sku(
    sku_id="RAIN-1", title="小河马儿童雨衣", category="服饰/儿童雨具", price=69,
    attributes=(Attribute(key="面料", value="EVA"), Attribute(key="适用身高", value="90-120", unit="cm")),
    selling_points=("帽檐加宽，雨水不进眼睛",),
    faq=(Faq(question="可以机洗吗？", answer="不可机洗，请手洗后阴干。"),
         Faq(question="有反光条吗？", answer="背部有一条反光条，夜间更醒目。")),
)
KB = KnowledgeBase(skus=(SKU,))
WASH, STRIPE = "RAIN-1#faq:0", "RAIN-1#faq:1"
# (claim clause, the fact it is about, NLI label against that fact); every other fact is neutral to it
CLAIMS = [
    ("扔进滚筒里转一圈就干净了", WASH, "contradiction"),
    ("洗的时候手洗然后阴干就好", WASH, "entailment"),
    ("背上没有反光条", STRIPE, "contradiction"),
    ("背部有反光条", STRIPE, "entailment"),
    ("身高一米五的孩子也能穿", "RAIN-1#attr:适用身高", "contradiction"),
    ("晚上更显眼", STRIPE, "entailment"),
]
TEXT = "家人们晚上好！扔进滚筒里转一圈就干净了，背部有反光条，晚上更显眼。身高一米五的孩子也能穿。"
LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(scope="module")
def verifier():
    return Verifier(KB)


@pytest.fixture(scope="module")
def items(verifier):
    judge = Judge(OpenAIJudge("http://unused", "unused"), top_k=4)
    return [JudgeItem(claim, judge.premises(claim, verifier.sku("RAIN-1"), AT)) for claim, _, _ in CLAIMS]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Tiny models train faster on one thread than on cores other processes are using."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _train(model, batch, labels, *, lr: float, until: float, steps: int = 600) -> None:
    """Full-batch AdamW until the loss is below ``until``; fails the test if it never gets there."""
    optim = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        optim.zero_grad()
        loss.backward()
        optim.step()
        if loss.item() < until:
            break
    assert loss.item() < until, f"the tiny model did not learn its pairs (loss {loss.item():.3f})"
    model.eval()


def _nli_pairs(items):
    label_of = {v: k for k, v in LABELS.items()}
    about = {claim: (fact, label) for claim, fact, label in CLAIMS}
    return [(fact.text, item.claim, label_of[about[item.claim][1]] if fact.fact_id == about[item.claim][0] else 1)
            for item in items for fact in item.facts]


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory, items):
    """A two-layer BERT cross-encoder trained until it separates the test's (fact, claim) pairs."""
    pairs = _nli_pairs(items)
    tok = char_pair_tokenizer([p + h for p, h, _ in pairs], pair=True)
    torch.manual_seed(0)
    model = BertForSequenceClassification(BertConfig(
        vocab_size=tok.vocab_size, hidden_size=48, num_hidden_layers=2, num_attention_heads=2, intermediate_size=96,
        max_position_embeddings=128, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, num_labels=3,
        id2label=LABELS, label2id={v: k for k, v in LABELS.items()}))
    batch = tok([p for p, _, _ in pairs], [h for _, h, _ in pairs], padding=True, return_tensors="pt")
    _train(model, batch, torch.tensor([y for _, _, y in pairs]), lr=1e-3, until=0.02)
    path = tmp_path_factory.mktemp("judge") / "tiny-nli"
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return path


def test_claim_clauses_skip_greetings_fillers_and_calls_to_action():
    text = "家人们晚上好！欢迎来到直播间！这件雨衣背部有反光条，对吧？喜欢的赶紧下单哈。Hi guys, it folds into its own pocket."
    assert [text[s:e] for s, e in claim_clauses(text)] == ["这件雨衣背部有反光条", "it folds into its own pocket"]


@pytest.mark.parametrize("device", DEVICES)
def test_nli_judge_flags_the_contradicting_clause_and_cites_the_fact(tiny_nli, verifier, device):
    judge = Judge(hf_judge(tiny_nli, device=device), top_k=4)
    assert judge.backend.name == "nli:tiny-nli"
    findings = check_script_text(TEXT, "RAIN-1", verifier, AT, judge=judge)
    judged = [f for f in findings if (f.rule or "").startswith("judge:")]
    assert len(judged) == 1
    f = judged[0]
    assert (f.kind, TEXT[f.start:f.end], f.fact_ref, f.rule) == (
        "contradiction", "扔进滚筒里转一圈就干净了", WASH, "judge:nli:tiny-nli")
    assert "不可机洗" in f.reason and "NLI矛盾概率" in f.reason
    # rules first: the height clause has a rule finding, so the judge (which would flag it) never sees it
    height = TEXT.index("身高一米五")
    assert any(g.start >= height and not (g.rule or "").startswith("judge:") for g in findings)
    assert judge.backend.judge([JudgeItem("身高一米五的孩子也能穿", judge.premises("身高一米五的孩子也能穿", SKU, AT))])[0].label \
        == "contradicted"
    # supported clauses are not findings; without a judge the same text has only the rule finding
    assert not check_script_text("背部有反光条。洗的时候手洗然后阴干就好。", "RAIN-1", verifier, AT, judge=judge)
    assert [g.rule for g in check_script_text(TEXT, "RAIN-1", verifier, AT)] == [None]


def test_nli_judge_reads_its_labels_from_the_config(tiny_nli, tmp_path, items):
    verdicts = NliJudge(tiny_nli).judge([*items, JudgeItem("背部" * 100, items[0].facts)])  # longer than the model
    assert [(v.label, v.fact.fact_id) for v in verdicts[:4]] == [
        ("contradicted", WASH), ("supported", WASH), ("contradicted", STRIPE), ("supported", STRIPE)]
    assert len(verdicts) == len(items) + 1
    generic = BertForSequenceClassification.from_pretrained(tiny_nli)
    generic.config.id2label = {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    generic.save_pretrained(tmp_path / "generic")
    PreTrainedTokenizerFast.from_pretrained(tiny_nli).save_pretrained(tmp_path / "generic")
    with pytest.raises(NotConfiguredError, match="without entailment and contradiction labels"):
        hf_judge(tmp_path / "generic")


def test_causal_lm_judge_answers_in_the_contract(tmp_path, items, verifier):
    """A tiny GPT-2 trained to answer the judge prompt: constrained choice reads its verdict and fact number."""
    prompts, answers = [], []
    for item, (_, about, label) in zip(items[:4], CLAIMS[:4], strict=True):
        n = 1 + [f.fact_id for f in item.facts].index(about)
        verdict = {"contradiction": "contradicted", "entailment": "supported"}[label]
        prompts.append(plain_prompt(judge_messages(item)) + '{"verdict": "')
        answers.append(f'{verdict}", "fact": "F{n}"')
    tok = char_pair_tokenizer([p + a for p, a in zip(prompts, answers, strict=True)], pair=False)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=tok.vocab_size, n_positions=512, n_embd=32, n_layer=1, n_head=2,
                                       resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
                                       pad_token_id=0, eos_token_id=3, bos_token_id=3))
    batch = tok([p + a for p, a in zip(prompts, answers, strict=True)], padding=True, return_tensors="pt")
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    for row, prompt in enumerate(prompts):
        labels[row, : len(tok(prompt).input_ids)] = -100  # learn the answer, not the prompt
    _train(model, batch, labels, lr=1e-2, until=0.005)
    model.save_pretrained(tmp_path / "tiny-lm")
    tok.save_pretrained(tmp_path / "tiny-lm")
    judge = Judge(hf_judge(tmp_path / "tiny-lm"), top_k=4)
    assert judge.backend.name == "lm:tiny-lm"
    findings = check_script_text("背部有反光条。扔进滚筒里转一圈就干净了。", "RAIN-1", verifier, AT, judge=judge)
    assert [(f.kind, f.text, f.fact_ref, f.rule) for f in findings] == [
        ("contradiction", "扔进滚筒里转一圈就干净了", WASH, "judge:lm:tiny-lm")]


_KNOWS = {"滚筒": "机洗"}  # the one piece of world knowledge the loopback "model" has


def _verdict_from_prompt(body: dict) -> str:
    """A deterministic 'model': a fact that forbids what the claim describes contradicts it."""
    user = body["messages"][1]["content"]
    claim = user.split("主播说：", 1)[1].strip()
    facts = dict(re.findall(r"^\[(F\d+)\] (.+)$", user, re.M))
    assert set(body["response_format"]["json_schema"]["schema"]["properties"]["fact"]["enum"]) == {"", *facts}
    said = [meaning for word, meaning in _KNOWS.items() if word in claim]
    for ref, fact in facts.items():
        for meaning in said:
            if f"不可{meaning}" in fact:
                return json.dumps({"verdict": "contradicted", "fact": ref, "reason": f"资料说不可{meaning}"},
                                  ensure_ascii=False)
    for ref, fact in facts.items():
        if any(claim[k : k + 3] in fact for k in range(len(claim) - 2)):
            return json.dumps({"verdict": "supported", "fact": ref, "reason": "资料有此说法"}, ensure_ascii=False)
    return json.dumps({"verdict": "not_mentioned", "fact": "", "reason": ""})


def test_openai_judge_on_a_loopback_endpoint(verifier):
    with ChatServer(answer=_verdict_from_prompt) as server:
        judge = make_judge(JudgeSettings(backend="openai", openai_base_url=server.url, openai_model="judge-test",
                                         openai_api_key="test-key", top_k=4))
        findings = check_script_text(TEXT, "RAIN-1", verifier, AT, judge=judge)
    judged = [f for f in findings if f.rule == "judge:openai:judge-test"]
    assert [(f.kind, TEXT[f.start:f.end], f.fact_ref) for f in judged] == [
        ("contradiction", "扔进滚筒里转一圈就干净了", WASH)]
    assert judged[0].reason == "与知识库“可以机洗吗？不可机洗，请手洗后阴干。”矛盾：资料说不可机洗"
    asked = [r["body"]["messages"][1]["content"].split("主播说：")[1] for r in server.requests]
    assert sorted(asked) == sorted(["扔进滚筒里转一圈就干净了", "背部有反光条", "晚上更显眼"])  # not the greeting, not the ruled clause
    assert all(r["body"]["response_format"]["json_schema"]["strict"] for r in server.requests)


def test_openai_judge_errors_are_named(verifier):
    with ChatServer(answer=lambda body: "好的，我觉得没问题。") as server:
        babbler = Judge(OpenAIJudge(server.url, "judge-test", "test-key"))
        with pytest.raises(TransientError, match="judge answered “背部有反光条” without a valid verdict"):
            check_script_text("背部有反光条。", "RAIN-1", verifier, AT, judge=babbler)
        with pytest.raises(NotConfiguredError, match="judge endpoint rejected the API key"):
            check_script_text("背部有反光条。", "RAIN-1", verifier, AT, judge=Judge(OpenAIJudge(server.url, "judge-test", "bad")))
        url = server.url
    dead = OpenAIJudge(url, "judge-test", "test-key", timeout_s=1)
    dead.client = dead.client.with_options(max_retries=0)
    with pytest.raises(TransientError, match="judge endpoint unavailable"):
        check_script_text("背部有反光条。", "RAIN-1", verifier, AT, judge=Judge(dead))


def test_settings_choose_the_backend(tiny_nli):
    assert make_judge(JudgeSettings()) is None
    with pytest.raises(NotConfiguredError, match="JUDGE__OPENAI_BASE_URL"):
        make_judge(JudgeSettings(backend="openai"))
    with pytest.raises(NotConfiguredError, match="JUDGE__MODEL_PATH"):
        make_judge(JudgeSettings(backend="hf"))
    judge = make_judge(JudgeSettings(backend="hf", model_path=str(tiny_nli), device="cpu", top_k=3, max_sentences=1))
    assert judge.backend.name == "nli:tiny-nli" and (judge.top_k, judge.max_sentences) == (3, 1)


def test_embedded_check_imports_no_model_code():
    code = ("import sys; from datetime import datetime; from script_gen.records import KnowledgeBase; "
            "from script_gen.generate import check_script_text; from script_gen.verify import Verifier; "
            f"kb = KnowledgeBase.model_validate_json({KB.model_dump_json()!r}); "
            "check_script_text('背部有反光条。', 'RAIN-1', Verifier(kb), datetime(2026, 12, 5)); "
            "print(sorted(m for m in ('torch', 'transformers', 'openai', 'script_gen.judge_backends') if m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_configured_judge_reaches_the_shared_check_and_loads_once(tiny_nli, make_stack, tmp_path):
    settings = make_stack().settings
    judge = JudgeSettings(backend="hf", model_path=str(tiny_nli), device="cpu")
    rt = Runtime.create(settings.model_copy(update={"script": settings.script.model_copy(update={"judge": judge})}))
    try:
        with rt.session() as s:
            merchant = Merchant(slug="rain", name="Rain")
            s.add(merchant)
            s.flush()
            merchant_id = merchant.id
        path = tmp_path / "kb.json"
        path.write_text(KnowledgeBase(skus=(SKU,)).model_dump_json(), encoding="utf-8")
        kb.import_file(rt, merchant_id, path)
        findings = scripts.check_text(rt, merchant_id, "RAIN-1", TEXT, at=AT)
        assert [(f["text"], f["rule"]) for f in findings if (f["rule"] or "").startswith("judge:")] == [
            ("扔进滚筒里转一圈就干净了", "judge:nli:tiny-nli")]
        assert judge_for(rt.settings.script.judge) is judge_for(rt.settings.script.judge.model_copy())
    finally:
        rt.close()
