import pytest
from chat_server import ChatServer

from core.errors import NotConfiguredError, TransientError
from core.settings import ScriptSettings
from script_gen.generate import GenerationRefused, check_script_text, generate_script
from script_gen.llm_backends import OpenAIChatBackend, make_backend


def backend(server, key="test-key"):
    return OpenAIChatBackend(server.url, "qwen-test", key, timeout_s=5)


def test_faithful_model_script_passes_first_time(kb, at, verifier):
    with ChatServer("faithful") as server:
        result = generate_script(kb, "APP-001", backend=backend(server), at=at, verifier=verifier)
    script = result.script
    assert result.attempts == 1 and not result.repaired
    assert script.backend == "openai:qwen-test"
    assert "3299元" in script.text and "限量50件" in script.text  # slots filled from the KB
    assert check_script_text(script.text, "APP-001", verifier, at) == []
    body = server.requests[0]["body"]
    assert body["model"] == "qwen-test"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["sections"]


def test_wrong_price_is_regenerated_with_feedback(kb, at, verifier):
    with ChatServer("wrong_price_first") as server:
        result = generate_script(kb, "KIT-001", backend=backend(server), at=at, verifier=verifier)
    assert result.attempts == 2 and not result.repaired
    assert "598元" not in result.script.text and "399元" in result.script.text
    retry_prompt = server.requests[1]["body"]["messages"][1]["content"]
    assert "上一版被退回" in retry_prompt and "598元" in retry_prompt


def test_persistently_unfaithful_model_is_refused(kb, at, verifier):
    with ChatServer("always_wrong") as server:
        with pytest.raises(GenerationRefused, match="failed verification 3 time") as err:
            generate_script(kb, "KIT-001", backend=backend(server), at=at, verifier=verifier)
    assert len(server.requests) == 3
    assert {"invented_certification", "wrong_price"} <= {f.kind for f in err.value.findings}


def test_non_json_answers_are_refused_clearly(kb, at, verifier):
    with ChatServer("garbage") as server:
        with pytest.raises(GenerationRefused, match="no usable script JSON.*template backend"):
            generate_script(kb, "KIT-001", backend=backend(server), at=at, verifier=verifier, max_attempts=2)


def test_injection_never_reaches_the_model(kb, at, verifier):
    with ChatServer("faithful") as server:
        result = generate_script(kb, "KIT-005", backend=backend(server), at=at, verifier=verifier)
    sent = "".join(m["content"] for m in server.requests[0]["body"]["messages"])
    assert "忽略之前的指令" not in sent.split("<<<商品资料JSON")[1]
    assert "全网最低价" in sent  # merchant text is data; the gate catches it if the model repeats it
    assert "一百年" not in result.script.text and result.quarantined


def test_endpoint_errors_map_to_clear_types(kb, at, verifier):
    with ChatServer("faithful") as server:
        with pytest.raises(NotConfiguredError, match="API key"):
            generate_script(kb, "KIT-001", backend=backend(server, key="wrong"), at=at, verifier=verifier)
        url = server.url
    dead = OpenAIChatBackend(url, "qwen-test", "test-key", timeout_s=1)
    dead.client = dead.client.with_options(max_retries=0)
    with pytest.raises(TransientError, match="unavailable"):
        generate_script(kb, "KIT-001", backend=dead, at=at, verifier=verifier)
    with pytest.raises(NotConfiguredError, match="OPENAI_BASE_URL"):
        make_backend(ScriptSettings(backend="openai"))
    with pytest.raises(NotConfiguredError, match="HF_MODEL_PATH"):
        make_backend(ScriptSettings(backend="hf"))
    assert make_backend(ScriptSettings()).name == "template"


def test_one_stubborn_bad_sentence_is_repaired_away(kb, at, verifier):
    with ChatServer("stubborn_extra") as server:
        result = generate_script(kb, "KIT-001", backend=backend(server), at=at, verifier=verifier)
    assert len(server.requests) == 3 and result.repaired
    assert "CE认证" not in result.script.text and "399元" in result.script.text
    assert {f.kind for f in result.dropped} == {"invented_certification"}
    assert check_script_text(result.script.text, "KIT-001", verifier, at) == []


def test_model_may_not_write_prices_even_correct_ones(kb, at, verifier):
    with ChatServer("literal_price") as server:
        with pytest.raises(GenerationRefused, match="sections offer") as err:
            generate_script(kb, "KIT-001", backend=backend(server), at=at, verifier=verifier)
    assert "399元" in server.requests[0]["body"]["messages"][1]["content"]  # it was told the facts
    assert {f.kind for f in err.value.findings} == {"literal_offer"}
