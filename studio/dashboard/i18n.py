"""Dashboard strings in Chinese (default) and English."""

from __future__ import annotations

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "app": {"zh": "Evercast 数字人", "en": "Evercast digital humans"},
    "login": {"zh": "登录", "en": "Log in"},
    "logout": {"zh": "退出", "en": "Log out"},
    "email": {"zh": "邮箱", "en": "Email"},
    "password": {"zh": "密码", "en": "Password"},
    "jobs": {"zh": "任务", "en": "Jobs"},
    "kb": {"zh": "商品知识库", "en": "Knowledge base"},
    "scripts": {"zh": "话术", "en": "Scripts"},
    "keys": {"zh": "API 密钥", "en": "API keys"},
    "status": {"zh": "状态", "en": "Status"},
    "progress": {"zh": "进度", "en": "Progress"},
    "kind": {"zh": "类型", "en": "Kind"},
    "stage": {"zh": "阶段", "en": "Stage"},
    "created": {"zh": "创建时间", "en": "Created"},
    "cancel": {"zh": "取消", "en": "Cancel"},
    "resume": {"zh": "重试", "en": "Resume"},
    "import": {"zh": "导入", "en": "Import"},
    "import_hint": {"zh": "上传 CSV / JSON / XLSX 商品表（整表校验，出错不做任何修改）",
                    "en": "Upload a CSV / JSON / XLSX SKU sheet (validated whole; errors change nothing)"},
    "uploading": {"zh": "上传中", "en": "Uploading"},
    "sku": {"zh": "商品", "en": "SKU"},
    "title": {"zh": "标题", "en": "Title"},
    "price": {"zh": "价格", "en": "Price"},
    "version": {"zh": "版本", "en": "Version"},
    "generate": {"zh": "生成话术", "en": "Generate script"},
    "style": {"zh": "风格", "en": "Style"},
    "seconds": {"zh": "时长（秒）", "en": "Length (s)"},
    "findings": {"zh": "问题", "en": "Findings"},
    "no_findings": {"zh": "未发现问题：每句都有知识库依据，且无违禁词", "en": "No findings: every claim is grounded and no banned term"},
    "edit": {"zh": "编辑", "en": "Edit"},
    "save_version": {"zh": "保存为新版本", "en": "Save as new version"},
    "approve": {"zh": "通过", "en": "Approve"},
    "reject": {"zh": "驳回", "en": "Reject"},
    "check": {"zh": "检查", "en": "Check"},
    "diff": {"zh": "修改对比", "en": "Changes"},
    "template_note": {"zh": "template 为离线模板生成器（不使用大模型）", "en": "template = the offline template generator (no LLM)"},
    "new_key": {"zh": "新建密钥", "en": "New key"},
    "key_once": {"zh": "请立即保存，此密钥只显示一次：", "en": "Store it now, this key is shown only once:"},
    "name": {"zh": "名称", "en": "Name"},
    "role": {"zh": "角色", "en": "Role"},
    "revoke": {"zh": "吊销", "en": "Revoke"},
    "error": {"zh": "出错了", "en": "Error"},
    "avatars": {"zh": "数字人形象", "en": "Avatars"},
    "voices": {"zh": "声音", "en": "Voices"},
    "video": {"zh": "真人视频（1-10 分钟，单人出镜）", "en": "Video of the person (1-10 min, one face)"},
    "consent": {"zh": "本人授权", "en": "Consent of the person"},
    "signer": {"zh": "授权人姓名", "en": "Signer's full name"},
    "statement": {"zh": "授权声明", "en": "Signed statement"},
    "consent_default": {"zh": "本人同意商家使用我的肖像与声音制作数字人，用于其直播与短视频。",
                        "en": "I agree that the merchant may create a digital human of my face and voice for its live rooms and videos."},
    "create": {"zh": "创建", "en": "Create"},
    "gate": {"zh": "质检结果", "en": "Quality gate"},
    "metrics": {"zh": "口型同步评分", "en": "Lip-sync scores"},
    "recording": {"zh": "录音或视频", "en": "Recording or video"},
    "clone": {"zh": "克隆声音", "en": "Clone voice"},
    "speak": {"zh": "试听", "en": "Listen"},
    "text": {"zh": "文本", "en": "Text"},
    "emotion": {"zh": "情绪", "en": "Emotion"},
    "base_voice": {"zh": "（基础音色）", "en": "(base voice)"},
    "empty": {"zh": "暂无数据", "en": "Nothing yet"},
    "rooms": {"zh": "直播间", "en": "Live rooms"},
    "avatar": {"zh": "数字人", "en": "Avatar"},
    "voice": {"zh": "声音", "en": "Voice"},
    "playlist": {"zh": "播放内容", "en": "Playlist"},
    "playlist_hint": {"zh": "已通过审核的话术按商品轮播，渲染任务提前填满队列；队列为空时播放数字人待机画面。",
                      "en": "Approved scripts rotate by SKU; render jobs fill the queue ahead; an empty queue plays the avatar's idle loop."},
    "no_approved": {"zh": "还没有审核通过的话术：先在“话术”中生成并通过。", "en": "No approved script yet: generate and approve one under Scripts."},
    "prompts": {"zh": "互动话术（每行一句）", "en": "Interaction prompts (one per line)"},
    "prompts_hint": {"zh": "喜欢的朋友扣1", "en": "Type 1 if you like it"},
    "schedule": {"zh": "开播时间", "en": "Schedule"},
    "always": {"zh": "全天 24 小时", "en": "Always on air"},
    "daily_window": {"zh": "每天", "en": "Daily"},
    "timezone": {"zh": "时区", "en": "Time zone"},
    "destination": {"zh": "推流地址", "en": "Destination"},
    "platform": {"zh": "平台", "en": "Platform"},
    "stream_key": {"zh": "推流码", "en": "Stream key"},
    "start": {"zh": "开播", "en": "Start"},
    "stop": {"zh": "下播", "en": "Stop"},
    "room_pause": {"zh": "暂停", "en": "Pause"},
    "room_resume": {"zh": "继续", "en": "Resume"},
    "room_skip": {"zh": "跳过", "en": "Skip"},
    "watch": {"zh": "观看", "en": "Watch"},
    "announce": {"zh": "插播", "en": "Announce"},
    "announce_hint": {"zh": "限时秒杀：下一段插播", "en": "Flash sale, aired next"},
    "on_air": {"zh": "正在播", "en": "On air"},
    "queue": {"zh": "队列", "en": "Queue"},
    "dark": {"zh": "黑屏", "en": "Dark"},
    "viewers": {"zh": "观看", "en": "Viewers"},
}


def pick_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return "en" if accept and accept.lower().startswith("en") else "zh"


def translator(lang: str):  # noqa: ANN201 - a Jinja global
    def t(key: str) -> str:
        entry = MESSAGES.get(key)
        return entry[lang] if entry else key

    return t
