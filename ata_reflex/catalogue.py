"""Every text a user sees, in Simplified Chinese, keyed by a stable English code.

Pages, state handlers, services and e-mails look texts up here; nothing user-facing is written
anywhere else. Keys are grouped by area; placeholders use ``str.format`` names.
"""

from __future__ import annotations

from ata_reflex.domain.errors import DomainError

TEXTS: dict[str, str] = {
    # --- app shell and shared words ---
    "app.name": "ATA单证册",
    "app.full_name": "ATA单证册移动服务",
    "common.back": "返回",
    "common.save": "保存",
    "common.submit": "提交",
    "common.cancel": "取消",
    "common.confirm": "确定",
    "common.edit": "编辑",
    "common.create": "创建",
    "common.loading": "加载中…",
    "common.required_mark": "*",
    "common.empty": "暂无数据",
    "common.logout": "退出登录",
    "common.unexpected_error": "系统繁忙，请稍后再试。您填写的内容已保留。",
    "common.not_found": "未找到该记录，或您无权查看。",
    "common.saved": "已保存",
    # --- generic field errors ---
    "error.required": "此项为必填项",
    "error.too_long": "不能超过 {max} 个字符",
    "error.invalid_email": "邮箱格式不正确",
    "error.invalid_phone": "电话号码格式不正确",
    "error.invalid_number": "请输入有效的数字",
    "error.must_be_positive": "必须大于 0",
    "error.invalid_date": "日期格式不正确，请按 年-月-日 填写",
    "error.stale_record": "该记录已被修改，请刷新后重试",
    "error.not_allowed": "当前状态下不能执行此操作",
    "error.form_has_errors": "有 {count} 处需要修改，请查看标红的字段",
}


def text(code: str, **params: object) -> str:
    """Return the Chinese text for a code, with placeholders filled.

    An unknown code is returned as is, so a missing entry shows up in screenshots and tests
    rather than raising inside a page.
    """
    template = TEXTS.get(code, code)
    return template.format(**params) if params else template


def error_text(error: DomainError) -> str:
    """Return the Chinese message for a domain error."""
    return text(error.code, **error.params)
