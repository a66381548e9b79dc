"""Every message the validator can print, in plain Chinese, in one place.

The editors' guide (EDITING.md) documents each template by its key; a test checks that
none is missing there.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Files and YAML
    "not_utf8": "文件不是 UTF-8 编码：请在编辑器中以 UTF-8 编码另存",
    "yaml_syntax": "YAML 语法错误：{problem}",
    "control_char": "含有不可见的控制字符 {code}（常见于从 Word 或网页粘贴）：请删除这一行后重新输入",
    "escaped_control_char": "含有不可见的控制字符 {code}（由双引号中的反斜杠转义写成，如 \\0）：要写反斜杠本身请写成 \\\\，或改用单引号",
    "surrogate_char": "含有无效字符 {code}（单独的 UTF-16 代理码位，常由 \\ud83d 这样的转义写成）：请直接写出这个字符，不要用 \\u 转义",
    "yaml_too_deep": "嵌套层数过多（超过 {limit} 层）：请检查括号是否多写、缩进是否错乱",
    "yaml_alias": "不支持 YAML 别名（*）：请把内容直接写出来",
    "yaml_anchor": "不支持 YAML 锚点（&）：请把内容直接写出来",
    "yaml_merge": "不支持 YAML 合并键（<<）：请把字段直接写出来",
    "yaml_tag": "不支持的 YAML 标签 {tag}",
    "front_matter_missing": "缺少 front matter：文件第一行应为 ---，其后是字段，再以一行 --- 结束",
    "front_matter_unclosed": "front matter 没有结束：开头的 --- 之后缺少一行单独的 ---",
    "empty_document": "文件是空的：至少应写出必填字段",
    "empty_data_file": "文件是空的：没有记录时请删除这个文件，或写 []",
    # Structure
    "duplicate_key": "字段重复（第一次出现在第 {first} 行）：同一字段只能写一次",
    "unknown_key": "未知字段「{key}」：可用的字段有 {allowed}",
    "missing_key": "缺少必填字段",
    "null_value": "值为空：请填写内容，不需要时删除这一行",
    "expected_mapping": "应为若干「字段: 值」（映射），实际为{actual}",
    "fullwidth_colon": "字段名后用了中文冒号「：」：请改用英文冒号「:」并在其后加一个空格（如 name: 板厂南里社区）",
    "expected_list": "应为列表（每项以「- 」开头），实际为{actual}",
    "list_too_short": "列表至少应有 {minimum} 项",
    "duplicate_item": "列表中「{value}」重复出现（第一次在第 {first} 行）",
    # Scalars
    "expected_scalar": "应为{kind}，实际为{actual}",
    "quoted_number": "应为{kind}：数字不要加引号，请写成 {value}",
    "color_unquoted": "值为空：颜色以 # 开头，YAML 会把它当作注释，请加引号，如 \"#2e7d32\"",
    "text_looks_like_number": "应为文本：「{value}」不加引号会被 YAML 读成{actual}，请写成 \"{value}\"",
    "empty_text": "不能为空文本",
    "invisible_text": "只含有看不见的字符（{codes}）：常见于从网页或聊天软件粘贴，请删除后重新输入文字",
    "expected_integer": "应为整数（不带逗号、空格和单位），实际为「{value}」",
    "integer_too_small": "应为不小于 {minimum} 的整数，实际为 {value}",
    "expected_number": "应为数字（如 2.4，不带单位），实际为「{value}」",
    "number_not_positive": "应为大于 0 的数字，实际为 {value}",
    "number_too_small": "应不小于 {minimum}，实际为 {value}",
    "number_out_of_range": "应在 {minimum} 到 {maximum} 之间，实际为 {value}",
    "too_many_digits": "「{value}」位数太多：最多 {limit} 位数字（不计整数部分开头的 0），请检查是否多打了数字",
    "expected_date": "应为日期，格式 YYYY-MM-DD（如 2024-10-15），实际为「{value}」",
    "invalid_date": "「{value}」不是真实存在的日期",
    "expected_year": "应为四位年份（如 2024），实际为「{value}」",
    "bad_choice": "「{value}」不是可用的值：应为 {choices} 之一",
    "bad_slug": "「{value}」不能用作标识：只能用小写字母、数字和连字符，且以字母或数字开头（如 banchang-nanli）",
    "bad_color": "「{value}」不是颜色：应写成 \"#2e7d32\" 这样的六位十六进制（加引号）",
    "bad_email": "「{value}」不是有效的电子邮箱地址",
    # Files and paths
    "path_backslash": "路径「{value}」请用 / 分隔（如 photos/cover.jpg），不要用 \\",
    "path_outside": "路径「{value}」指向社区文件夹之外：只能引用本社区文件夹内的文件",
    "path_missing": "找不到文件「{value}」（相对于 {base}）",
    "image_unreadable": "「{value}」不是可读取的图片：{reason}",
    "image_too_large": "图片「{value}」像素过多（{pixels} 像素，上限 {limit}）：请缩小后再上传",
    "bad_dir_name": "文件夹名「{value}」不能用作标识：只能用小写字母、数字和连字符（如 banchang-nanli）",
    "bad_file_name": "文件名「{value}」不能用作标识：只能用小写字母、数字和连字符（如 {example}）",
    "community_without_index": "社区文件夹缺少 index.md（社区简介）",
    "unknown_data_file": "无法识别的数据文件「{value}」：社区文件夹中只能有 achievements.yml、rectifications.yml 和 evaluations/<年份>.yml",
    "stray_data_file": "无法识别的数据文件「{value}」：测评体系应放在 policies/frameworks/ 下，政策和公示应为 .md 文件",
    "symlink": "「{value}」是符号链接（快捷方式）：内容文件夹中不能有链接，请放入文件本身",
    "reserved_path": "「{value}」与网站自动生成的页面或文件同名，会被覆盖或覆盖它：请换一个名字",
    "unknown_file_type": "「{value}」不能发布：内容文件夹中只能放 Markdown 页面（.md）、规定的数据文件（.yml）、图片（JPEG、PNG、WebP、GIF）和 PDF 附件",
    "markdown_suffix": "页面「{value}」的扩展名应为小写的 .md",
    "attachment_not_pdf": "「{value}」的扩展名是 .pdf，但内容不是 PDF 文件",
    "not_an_evaluation": "测评文件夹 evaluations/ 中只能有以年份命名的 .yml 文件（如 2024.yml），不能有「{value}」",
    "not_a_framework": "测评体系文件夹 policies/frameworks/ 中只能有测评体系的 .yml 文件，不能有「{value}」",
    "loose_community_file": "content/communities/ 下只能放社区文件夹（每个社区一个），不能直接放文件「{value}」",
    "folder_unreadable": "无法读取文件夹：{reason}",
    "template_not_allowed": "普通页面不能使用模板「{value}」：只能用 {allowed}，或删除这一行",
    "evaluation_file_name": "测评文件名应为四位年份加 .yml（如 2024.yml），实际为「{value}」",
    # Cross-field rules
    "date_before": "{label_a}（{a}）不能早于{label_b}（{b}）",
    "duplicate_id": "编号「{value}」重复（第一次在第 {first} 行）",
    "unknown_community": "找不到社区「{value}」：content/communities/ 下没有这个文件夹",
    "unknown_policy": "找不到政策文件「{value}」：content/policies/ 下没有 {value}.md",
    "self_reference": "不能引用自身",
    "at_least_one": "至少要填写 {names} 中的一项",
    "supersedes_cycle": "政策之间的 supersedes 形成了循环（{chain}）：每份政策只能被更新的政策替代，请删除其中一处",
    "closed_after_today": "销号日期 closed（{value}）晚于网站生成日期（{today}）：尚未完成的整改不能登记为已销号",
    "revoked_before_award": "撤销日期（{date}）早于获得荣誉的年份（{year}）",
    "build_date": "SHOWCASE_DATE 应为 YYYY-MM-DD 格式的真实日期，实际为「{value}」",
    # Frameworks and evaluations
    "framework_id_mismatch": "id「{value}」应与文件名「{expected}」一致",
    "points_sum": "各测评内容分值之和为 {actual}，与 basic_total（{expected}）不一致",
    "bands_order": "分档应按 min 从高到低排列：{value} 不低于上一档的 {previous}",
    "bands_floor": "最低一档的 min 应不大于 0，否则有的得分落不进任何一档（当前最低为 {value}）",
    "unknown_framework": "找不到测评体系「{value}」：content/policies/frameworks/ 下没有 {value}.yml",
    "unknown_content_id": "测评体系「{framework}」中没有测评内容「{value}」",
    "missing_content_ids": "缺少 {count} 项测评内容的状态：{ids}（测评体系中的每项内容都要给出状态）",
    "unknown_state": "「{value}」不是测评体系「{framework}」的状态：应为 {choices} 之一",
    "unknown_veto": "「{value}」不是测评体系「{framework}」的否决项：应为 {choices} 之一",
    "no_vetoes_defined": "测评体系「{framework}」没有定义否决项",
}


def msg(key: str, /, **values: object) -> str:
    """The message ``key`` filled in with ``values``."""
    return MESSAGES[key].format(**values)
