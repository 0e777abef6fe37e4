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
    # --- outbound carnet: statuses, actions, choices and validation ---
    "status.draft": "草稿",
    "status.submitted": "已提交待审核",
    "status.approved": "已通过",
    "status.returned": "已退回",
    "status.withdrawn": "已撤销",
    "action.save": "保存",
    "action.submit": "提交",
    "action.withdraw": "撤销",
    "action.approve": "审核通过",
    "action.return": "退回",
    "action.edit": "重新编辑",
    "use.exhibition": "展览会、交易会、会议及类似活动",
    "use.professional_equipment": "专业设备",
    "use.commercial_samples": "商业样品",
    "use.other": "其他（商会接受的用途）",
    "collection.pickup": "自取",
    "collection.mail": "邮寄",
    "security.cash_deposit": "现金押金",
    "security.bank_guarantee": "银行保函",
    "security.insurance_guarantee": "保险公司保函",
    "security.written_undertaking": "书面保证",
    "outbound.holder_unknown": "请选择您名下的持证人；如果还没有，请先在首页“持证人”中创建",
    "outbound.holder_incomplete": "该持证人缺少英文名称或英文地址。出境单证册以英文打印，请先在“持证人”中补全后再提交",
    "outbound.import_countries_required": "请至少选择一个临时进口国/地区",
    "outbound.import_country_row_empty": "请选择临时进口国/地区，或删除此行",
    "outbound.import_country_china": "临时进口国/地区不能是中国，请选择货物将要进入的国家/地区",
    "outbound.import_country_not_ata": "“{name}”不在可使用ATA单证册的国家/地区列表中，请从列表中选择；如有疑问请联系签证机构",
    "outbound.import_country_duplicate": "“{name}”选择了多次，请删除重复的行",
    "outbound.intended_use_invalid": "请从列表中选择货物用途",
    "outbound.exit_port_invalid": "请从列表中选择出境报关口岸",
    "outbound.transport_mode_invalid": "请从列表中选择运输方式（ATA单证册不适用于邮件运输）",
    "outbound.declaration_date_past": "报关日期不能早于今天（{today}），请重新选择",
    "outbound.declaration_date_too_far": "报关日期不能晚于 {max}，请选择一年以内的日期",
    "outbound.transit_unknown": "无法识别过境国/地区“{name}”，请填写中文或英文国名，多个之间用“，”隔开",
    "outbound.transit_china": "过境国/地区不能是中国，请删除“{name}”",
    "outbound.transit_not_ata": "“{name}”不在可使用ATA单证册的国家/地区列表中，不能作为过境国/地区；如有疑问请联系签证机构",
    "outbound.itinerary_format": "计划行程必须以中国开始并以中国结束，国家之间用“-”隔开，例如：中国-德国-法国-中国",
    "outbound.itinerary_unknown_country": "无法识别计划行程中的“{name}”，请填写国家/地区的中文或英文名称，例如：中国-德国-法国-中国",
    "outbound.itinerary_missing_countries": "计划行程缺少临时进口国/地区：{names}，请把它们加入行程",
    "outbound.issuing_office_invalid": "请从列表中选择签证机构",
    "outbound.collection_method_invalid": "请选择取证方式",
    "outbound.security_type_invalid": "请选择担保方式",
    "outbound.agreement_required": "请阅读并勾选同意《协议》后再提交",
    "outbound.goods_required": "请至少添加一项货物",
    "outbound.goods_too_many": "货物最多 {max} 项，请合并同类货物或联系签证机构",
    "outbound.not_ascii": "此项以英文打印在单证册上，只能使用英文字母、数字和半角标点，请修改这些字符：{chars}",
    "goods.description_en_vague": "英文描述“{text}”过于笼统，海关不接受。请写明品名、品牌、型号和序列号，例如：Digital camera Sony A7 IV S/N 5852369474",
    "goods.quantity_not_integer": "件数必须是整数，例如 3",
    "goods.quantity_too_large": "件数不能超过 {max}",
    "goods.unit_invalid": "请从列表中选择单位",
    "goods.number_has_comma": "请去掉数字中的逗号，例如 9,800.00 应填写为 9800.00",
    "goods.number_too_large": "不能超过 {max}",
    "goods.weight_too_precise": "重量最多保留 3 位小数",
    "goods.value_too_precise": "价值最多保留 2 位小数（精确到分）",
    "goods.origin_country_invalid": "请从列表中选择原产国",
    # --- holders (持证人) and the unified social credit code ---
    "holders.title": "持证人",
    "holders.create": "创建持证人",
    "holders.edit_title": "编辑持证人",
    "holders.empty_title": "还没有持证人",
    "holders.empty_body": "申请出境单证册时需要选择持证人，请先创建。",
    "holders.badge_outbound_incomplete": "缺英文名称或地址",
    "holders.no_credit_code": "未填统一社会信用代码",
    "holders.section_particulars": "持证人信息",
    "holders.section_contact": "联系人",
    "holders.outbound_note": "出境单证册以英文打印，申请出境单证册前须填写英文名称和英文地址。",
    "holder.name_zh": "持证人名称(中文)",
    "holder.name_en": "持证人名称(英文)",
    "holder.address_zh": "持证人地址(中文)",
    "holder.address_en": "持证人地址(英文)",
    "holder.credit_code": "统一社会信用代码",
    "holder.contact_name": "联系人",
    "holder.contact_phone": "电话",
    "holder.contact_email": "邮箱",
    "holder.credit_code_hint": "18 位；持证人为自然人时可不填",
    "holder.contact_phone_hint": "手机号，或带区号的固定电话，如 010-12345678",
    "holder.english_only": "请用英文填写，不能包含汉字或全角字符",
    "credit_code.wrong_length": "统一社会信用代码应为 18 位，请核对",
    "credit_code.invalid_char": "统一社会信用代码只能包含数字和大写字母，且不含 I、O、Z、S、V",
    "credit_code.bad_check_digit": "统一社会信用代码最后一位（校验码）不正确，请核对是否输错",
    # --- reference tables kept by chamber staff: issuing offices and customs ports ---
    "reference.title": "基础数据维护",
    "reference.issuing_offices": "签证机构",
    "reference.customs_ports": "口岸",
    "reference.code": "代码",
    "reference.name_zh": "中文名称",
    "reference.office_code_hint": "大写字母、数字或连字符，如 CCOIC-SH",
    "reference.port_code_hint": "4 位海关关区代码，如 5301",
    "reference.ports_seed_note": "口岸列表是初始数据，请按单一窗口的海关关区代码表补充。停用的条目不再出现在申请表中。",
    "reference.add_office": "添加签证机构",
    "reference.add_port": "添加口岸",
    "reference.added": "已添加",
    "reference.enabled": "已启用",
    "reference.disabled": "已停用",
    "reference.active": "启用",
    "reference.code_taken": "该代码已存在",
    "reference.office_code_format": "代码应为 2–16 位大写字母、数字或连字符，例如 CCOIC-SH",
    "reference.port_code_format": "口岸代码应为 4 位数字的海关关区代码，例如 5301",
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
