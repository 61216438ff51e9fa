"""A real local HTTP server speaking the OpenAI chat-completions protocol, for backend tests.

Its "model" is a deterministic procedure over the prompt it receives: it reads the facts from the
data block and the sections and slots it was asked for, and writes a plan from them. Modes plant
errors so the tests can prove regeneration, repair and refusal.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from script_gen.prompt import DATA_CLOSE, DATA_OPEN


def plan_from_prompt(user: str, mode: str) -> str:
    data = user.split(DATA_OPEN, 1)[1].split(DATA_CLOSE, 1)[0]
    facts = json.loads(data)
    by_kind: dict[str, list[dict]] = {}
    for fact in facts:
        by_kind.setdefault(fact["kind"], []).append(fact)
    wanted = re.findall(r"^- (\w+)：(\d+)句", user, re.M)
    slots = set(re.findall(r"\{(\w+)\}", user.split("可用槽位：", 1)[1].split("\n", 1)[0]))
    retry = "上一版被退回" in user
    title = by_kind["title"][0]
    daily = float(re.search(r"(\d+(?:\.\d+)?)元", by_kind["price"][0]["text"]).group(1))
    wrong_price = mode == "always_wrong" or (mode == "wrong_price_first" and not retry)
    sections = []
    for section, count in wanted:
        sentences = []
        if section == "hook":
            sentences.append((f"欢迎来到直播间，今天给大家介绍{title['text']}。", "excited", [title["id"]]))
        elif section == "pain_point" and by_kind.get("faq"):
            q = by_kind["faq"][0]["text"].split("？")[0]
            sentences.append((f"很多朋友问我：{q}？", "curious", [by_kind["faq"][0]["id"]]))
        elif section == "selling_point":
            for fact in by_kind.get("selling_point", [])[: int(count)]:
                extra = "，还通过了FDA认证" if mode == "always_wrong" else ""
                sentences.append((f"{fact['text']}{extra}。", "confident", [fact["id"]]))
            if mode == "stubborn_extra":
                sentences.append(("这款还有CE认证，品质过硬。", "confident", []))
        elif section == "trust":
            for fact in by_kind.get("certification", [])[:1]:
                sentences.append((f"这款产品有{fact['text']}，大家放心。", "calm", [fact["id"]]))
        elif section == "offer":
            if wrong_price:
                sentences.append((f"今天到手价只要{daily - 1:g}元。", "excited", []))
            elif mode == "literal_price":
                promo = re.search(r"到手价(\d+(?:\.\d+)?)元", by_kind["promotion"][0]["text"]).group(1)
                sentences.append((f"今天到手价{promo}元。", "excited", []))
            elif "到手价" in slots:
                sentences.append(("今天直播间到手价{到手价}。", "excited", []))
            else:
                sentences.append(("这款日常价{日常价}。", "calm", []))
        elif section == "push" and "限量" in slots:
            sentences.append(("这次活动限量{限量}，想要的抓紧下单。", "urgent", []))
        elif section == "interaction":
            sentences.append(("想要的朋友在评论区扣1。", "friendly", []))
        elif section == "transition":
            sentences.append(("好，这款先说到这里，下一款马上来。", "warm", []))
        if sentences:
            sections.append({"section": section, "sentences": [
                {"text": t, "emotion": e, "fact_refs": r} for t, e, r in sentences]})
    return json.dumps({"sections": sections}, ensure_ascii=False)


class ChatServer:
    """``answer`` (the request body -> the reply text) replaces the script writer for other prompts."""

    def __init__(self, mode: str = "faithful", answer: Callable[[dict], str] | None = None):
        self.mode = mode
        self.answer = answer
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                if self.headers.get("Authorization") != "Bearer test-key":
                    return self._send(401, {"error": {"message": "bad key", "type": "invalid_api_key"}})
                user = next(m["content"] for m in body["messages"] if m["role"] == "user")
                if server.answer is not None:
                    content = server.answer(body)
                elif server.mode == "garbage":
                    content = "对不起，我不能帮忙。"
                else:
                    content = plan_from_prompt(user, server.mode)
                self._send(200, {
                    "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion", "created": int(time.time()),
                    "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": len(user), "completion_tokens": len(content), "total_tokens": len(user) + len(content)},
                })

            def _send(self, status, payload):
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "ChatServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
