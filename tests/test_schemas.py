"""The JSON Schemas in schemas/: up to date with the model, well formed, wired for
editors, and in agreement with the build's validator.

Agreement is checked on every scenario fixture (tests/fixtures/invalid/*/), on the
valid fixtures and on the demo content. A JSON Schema sees a file as a YAML reader
gives it (``yaml.safe_load``; a Markdown file's front matter, a ``.yml`` file whole),
so it can only judge what survives that reading: types, allowed values, required and
unknown fields, patterns, minimums. The table ``EXPECTED`` says, for each fixture,
what the schema must do with it:

- ``REJECT``: the mistake is expressible in JSON Schema; the schema must reject the
  fixture, in a file and at a field where the validator reports an error too;
- ``ACCEPT``: the rule is beyond JSON Schema (links between files, date order, file
  names, images, duplicate keys, anchors, a number YAML itself reads as text …); the
  schema must accept the fixture, so the table stays honest;
- ``UNREADABLE``: YAML itself (or the front-matter split) cannot read a file, so no
  schema can be applied.

Every fixture must be listed: a new one fails ``test_every_fixture_is_classified``
until it is added here.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import importlib.util
import json
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from showcase.contract import FILE_KINDS
from showcase.errors import ContentInvalid
from showcase.loader import load_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
INVALID = FIXTURES / "invalid"
SCHEMAS = ROOT / "schemas"
SCENARIOS = sorted(p.name for p in INVALID.iterdir() if p.is_dir()) if INVALID.is_dir() else []

# Which schema checks which file, relative to the content folder. The .yml globs are
# the ones .vscode/settings.json maps (front matter in .md is not checked by the YAML
# extension, but the schemas describe it and this test applies them).
KIND_GLOBS = {
    "community": "communities/*/index.md",
    "achievements": "communities/*/achievements.yml",
    "rectifications": "communities/*/rectifications.yml",
    "evaluation": "communities/*/evaluations/*.yml",
    "framework": "policies/frameworks/*.yml",
    "policy": "policies/*.md",
    "notice": "notices/*.md",
}

REJECT, ACCEPT, UNREADABLE = "reject", "accept", "unreadable"

EXPECTED: dict[str, tuple[str, str]] = {
    # -- expressible: the schema rejects ------------------------------------------------
    "achievements_not_a_list": (REJECT, "type: array"),
    "area_with_unit": (REJECT, "type: number"),
    "area_zero": (REJECT, "exclusiveMinimum: 0"),
    "bad_category": (REJECT, "enum"),
    "bad_date": (REJECT, "pattern YYYY-MM-DD"),
    "bad_email": (REJECT, "pattern (email)"),
    "bad_enum_level": (REJECT, "enum"),
    "bad_team_kind": (REJECT, "enum"),
    "date_with_time": (REJECT, "pattern YYYY-MM-DD (YAML reads a timestamp)"),
    "empty_text": (REJECT, "minLength: 1"),
    "empty_yml_file": (REJECT, "type: array (an empty document is null)"),
    "fullwidth_colons": (REJECT, "type: object (with ： YAML reads the front matter as one text)"),
    "expected_list": (REJECT, "type: array"),
    "expected_mapping": (REJECT, "type: object"),
    "founded_two_digits": (REJECT, "minimum: 1000"),
    "front_matter_empty": (REJECT, "type: object (empty front matter is null)"),
    "honor_missing_issuer": (REJECT, "required"),
    "households_quoted": (REJECT, "type: integer (a quoted number is text)"),
    "households_with_comma": (REJECT, "type: integer"),
    "many_errors": (REJECT, "enum, type: integer, type: string; date order and the impossible date are not"),
    "missing_required": (REJECT, "required"),
    "negative_members": (REJECT, "minimum: 0"),
    "notice_bad_kind": (REJECT, "enum"),
    "notice_channels_empty": (REJECT, "anyOf required"),
    "notice_channels_missing": (REJECT, "required"),
    "notice_duplicate_subject": (REJECT, "uniqueItems"),
    "notice_subject_community_has_errors": (REJECT, "required (street); the notice part is a cross-file rule"),
    "null_value": (REJECT, "type: string (null)"),
    "phone_unquoted_octal": (REJECT, "type: string (YAML reads an octal integer)"),
    "photo_duplicate": (REJECT, "uniqueItems"),
    "policy_missing_issued": (REJECT, "required"),
    "policy_supersedes_policy_with_errors": (REJECT, "required (issued); the supersedes part is a cross-file rule"),
    "rectification_bad_source": (REJECT, "enum"),
    "text_field_no": (REJECT, "type: string (YAML reads a boolean)"),
    "text_field_year": (REJECT, "type: string (YAML reads an integer)"),
    "unknown_key": (REJECT, "additionalProperties: false"),
    # -- beyond JSON Schema: the schema accepts -----------------------------------------
    "bad_slug_folder": (ACCEPT, "folder name"),
    "closed_before_found": (ACCEPT, "date order"),
    "community_without_index": (ACCEPT, "missing file"),
    "cover_absolute_path": (ACCEPT, "file reference"),
    "cover_missing": (ACCEPT, "file reference"),
    "cover_outside_folder": (ACCEPT, "file reference"),
    "decompression_bomb": (ACCEPT, "image decoding"),
    "duplicate_key": (ACCEPT, "duplicate keys (YAML readers keep the last)"),
    "honor_revoked_before_award": (ACCEPT, "date order"),
    "image_too_many_pixels": (ACCEPT, "image decoding"),
    "merge_key": (ACCEPT, "line-level YAML: merge keys are resolved by the reader"),
    "notice_bad_file_name": (ACCEPT, "file name"),
    "notice_end_before_start": (ACCEPT, "date order"),
    "notice_unknown_subject": (ACCEPT, "cross-file reference"),
    "notice_unknown_subject_item_line": (ACCEPT, "cross-file reference"),
    "ordinary_page_bad_front_matter": (ACCEPT, "ordinary page: no schema"),
    "ordinary_page_duplicate_key": (ACCEPT, "ordinary page: no schema"),
    "ordinary_page_nested_duplicate_key": (ACCEPT, "ordinary page: no schema"),
    "ordinary_page_front_matter_unclosed": (ACCEPT, "ordinary page: no schema"),
    "phone_unquoted_number": (ACCEPT, "an unquoted number YAML itself reads as text"),
    "community_folder_foreign_files": (ACCEPT, "file types"),
    "image_apple_double": (ACCEPT, "image decoding"),
    "image_empty_file": (ACCEPT, "image decoding"),
    "image_hidden_folder": (ACCEPT, "file name"),
    "image_not_image_extension": (ACCEPT, "file name"),
    "image_svg_named_png": (ACCEPT, "image decoding"),
    "markdown_and_yaml_case_variants": (ACCEPT, "file name"),
    "ordinary_page_template": (ACCEPT, "ordinary pages have no schema"),
    "policy_supersedes_cycle": (ACCEPT, "cross-file reference"),
    "reserved_index_pages": (ACCEPT, "file name"),
    "unnamed_truncated_image": (ACCEPT, "image decoding"),
    "photo_not_an_image": (ACCEPT, "image decoding"),
    "policy_repealed_before_issued": (ACCEPT, "date order"),
    "policy_supersedes_itself": (ACCEPT, "cross-file reference"),
    "policy_supersedes_unknown": (ACCEPT, "cross-file reference"),
    "rectification_deadline_before_found": (ACCEPT, "date order"),
    "rectification_duplicate_id": (ACCEPT, "unique field within a list of records"),
    "rectification_duplicate_id_quoted": (ACCEPT, 'unique field within a list of records (1 == "1")'),
    "truncated_image": (ACCEPT, "image decoding"),
    "unknown_yml_file": (ACCEPT, "file name"),
    "unsupported_image_format": (ACCEPT, "image decoding"),
    "yaml_alias": (ACCEPT, "line-level YAML: aliases are resolved by the reader"),
    "yaml_extension": (ACCEPT, "file name"),
    "yml_in_communities_folder": (ACCEPT, "file name"),
    # -- YAML cannot read a file: no schema applies -------------------------------------
    "front_matter_missing": (UNREADABLE, "no front matter to check"),
    "front_matter_unclosed": (UNREADABLE, "no front matter to check"),
    "impossible_date": (UNREADABLE, "YAML's own date reader refuses 2024-02-30"),
    "not_utf8": (UNREADABLE, "not UTF-8"),
    "tab_indentation": (UNREADABLE, "YAML syntax: tab indentation"),
    "yaml_syntax": (UNREADABLE, "YAML syntax"),
    "yaml_tag": (UNREADABLE, "unknown YAML tag"),
}

# Rules JSON Schema could express that the model's schemas do not express yet: the
# schema accepts these today. Strict xfail: once the model expresses the rule, the
# test fails until the fixture moves to REJECT above.
NOT_YET_EXPRESSED: dict[str, str] = {}


# -- reading files as a JSON Schema tool sees them ---------------------------------------


def to_json(value):
    """A YAML value as JSON data: dates as their ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def front_matter(text: str) -> str | None:
    """The YAML between the first-line ``---`` and the next ``---``/``...`` line."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index])
    return None


def read_document(path: Path):
    """(data, None) or (None, why it cannot be read)."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, "not UTF-8"
    if path.suffix == ".md":
        text = front_matter(text)
        if text is None:
            return None, "no front matter"
    try:
        return to_json(yaml.safe_load(text)), None
    except (yaml.YAMLError, ValueError) as exc:
        return None, f"YAML: {exc.__class__.__name__}"


def glob_match(rel: PurePosixPath, pattern: str) -> bool:
    parts = PurePosixPath(pattern).parts
    return len(rel.parts) == len(parts) and all(
        fnmatch.fnmatchcase(a, b) for a, b in zip(rel.parts, parts, strict=True)
    )


def kind_of(rel: PurePosixPath) -> str | None:
    for kind, pattern in KIND_GLOBS.items():
        if glob_match(rel, pattern):
            return kind
    return None


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    return {
        kind: Draft202012Validator(
            json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8")),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        for kind in FILE_KINDS
    }


@dataclass
class SchemaResult:
    errors: list[tuple[str, str, str]]  # (file, field path, message)
    unreadable: list[tuple[str, str]]  # (file, why)
    checked: int

    @property
    def outcome(self) -> str:
        return REJECT if self.errors else UNREADABLE if self.unreadable else ACCEPT


def field_path(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def schema_check(content: Path, validators, prefix: str = "content") -> SchemaResult:
    result = SchemaResult([], [], 0)
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        rel = PurePosixPath(path.relative_to(content).as_posix())
        kind = kind_of(rel)
        if kind is None:
            continue
        shown = f"{prefix}/{rel}"
        data, why = read_document(path)
        if why:
            result.unreadable.append((shown, why))
            continue
        result.checked += 1
        for error in validators[kind].iter_errors(data):
            result.errors.append((shown, field_path(error.absolute_path), error.message))
    return result


def validator_errors(content: Path, tmp_path: Path, monkeypatch) -> list:
    """The build validator's errors for ``content``, with paths as ``content/…``."""
    shutil.copytree(content, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    try:
        load_site("content")
    except ContentInvalid as exc:
        return exc.errors
    return []


# -- the schemas themselves --------------------------------------------------------------


def load_exporter():
    spec = importlib.util.spec_from_file_location("export_schemas", ROOT / "scripts" / "export_schemas.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_schemas_are_up_to_date():
    exporter = load_exporter()
    stale = exporter.stale_files(SCHEMAS)
    assert not stale, f"schemas/ is stale ({', '.join(stale)}): run .venv/bin/python scripts/export_schemas.py"


def test_one_schema_per_file_kind():
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{k}.schema.json" for k in FILE_KINDS)
    assert set(KIND_GLOBS) == set(FILE_KINDS)


def test_export_is_deterministic_and_readable(tmp_path):
    exporter = load_exporter()
    first, second = exporter.render_all(), exporter.render_all()
    assert first == second
    for name, text in first.items():
        assert "\\u" not in text, f"{name}: Chinese must not be escaped"
        assert text.endswith("}\n") and not text.endswith("\n\n")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert exporter.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(first)
    assert exporter.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "community.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "leftover.schema.json").write_text("{}\n", encoding="utf-8")
    assert exporter.stale_files(tmp_path) == ["community.schema.json", "leftover.schema.json"]
    assert exporter.main(["--check", "--out", str(tmp_path)]) == 1
    exporter.main(["--out", str(tmp_path)])
    assert exporter.stale_files(tmp_path) == []


@pytest.mark.parametrize("kind", sorted(FILE_KINDS))
def test_schema_is_valid_draft_2020_12(kind):
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"]
    Draft202012Validator.check_schema(schema)
    # The VS Code YAML extension implements draft 7; keep to keywords both drafts share.
    Draft7Validator.check_schema({k: v for k, v in schema.items() if k != "$schema"})
    text = json.dumps(schema)
    for keyword in ("prefixItems", "$defs", "unevaluated", "dependentRequired", "dependentSchemas", "$dynamicRef"):
        assert keyword not in text


# -- editors' wiring ---------------------------------------------------------------------


def test_vscode_maps_every_yml_kind_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    wanted = {kind: f"content/{glob}" for kind, glob in KIND_GLOBS.items() if glob.endswith(".yml")}
    found = {}
    for schema_path, globs in mapping.items():
        globs = [globs] if isinstance(globs, str) else globs
        target = (ROOT / schema_path).resolve()
        assert target.is_file(), f"{schema_path} does not exist"
        for pattern in globs:
            found[pattern] = target.name.removesuffix(".schema.json")
    assert found == {glob: kind for kind, glob in wanted.items()}
    demo = ROOT / "content"
    for pattern in found:
        matches = [p for p in demo.rglob("*.yml") if glob_match(PurePosixPath(p.relative_to(ROOT).as_posix()), pattern)]
        assert matches, f"{pattern} matches no demo file"


# -- agreement with the validator -----------------------------------------------------------


def test_every_fixture_is_classified():
    unclassified = sorted(set(SCENARIOS) - set(EXPECTED) - set(NOT_YET_EXPRESSED))
    assert not unclassified, (
        "classify these fixtures in tests/test_schemas.py (EXPECTED: reject / accept / unreadable): "
        + ", ".join(unclassified)
    )
    gone = sorted((set(EXPECTED) | set(NOT_YET_EXPRESSED)) - set(SCENARIOS))
    assert not gone, "fixtures listed but missing: " + ", ".join(gone)


@pytest.mark.parametrize("name", SCENARIOS)
def test_schema_agrees_with_validator(name, validators, tmp_path, monkeypatch):
    if name in NOT_YET_EXPRESSED:
        pytest.xfail(NOT_YET_EXPRESSED[name])
    if name not in EXPECTED:
        pytest.fail(f"{name}: not classified in EXPECTED")
    expected, why = EXPECTED[name]
    content = INVALID / name / "content"
    result = schema_check(content, validators)
    errors = validator_errors(content, tmp_path, monkeypatch)
    assert errors, f"{name}: the validator accepts a scenario fixture"
    assert result.outcome == expected, f"{name} ({why}): schema {result.outcome}: {result.errors or result.unreadable}"
    # Wherever the schema rejects, the validator reports the same file, at that field
    # or below it (a missing or unknown key is reported by the schema on its parent).
    for file, field, message in result.errors:
        assert any(e.path == file and e.field.startswith(field) for e in errors), (
            f"{name}: schema error {file}: {field}: {message} has no validator error there: {[str(e) for e in errors]}"
        )




VALID_CONTENT = {
    "demo": ROOT / "content",
    "valid-minimal": FIXTURES / "valid-minimal",
    "xss-site": FIXTURES / "xss-site",
    "search-city": FIXTURES / "search-city",
}


@pytest.mark.parametrize("name", sorted(VALID_CONTENT))
def test_schema_accepts_what_the_validator_accepts(name, validators, tmp_path, monkeypatch):
    content = VALID_CONTENT[name]
    if not content.is_dir():
        pytest.skip(f"{content} does not exist")
    assert validator_errors(content, tmp_path, monkeypatch) == [], f"{name} must be valid content"
    result = schema_check(content, validators)
    assert result.errors == [] and result.unreadable == []
    assert result.checked > 0


def test_demo_content_covers_every_schema(validators):
    kinds = set()
    for path in (ROOT / "content").rglob("*"):
        kind = kind_of(PurePosixPath(path.relative_to(ROOT / "content").as_posix()))
        if kind:
            kinds.add(kind)
    assert kinds == set(FILE_KINDS)


def test_schema_check_of_a_scaffolded_community(validators, tmp_path):
    """What scripts/new_community.py writes passes the schemas too (the .yml files carry
    a modeline that points at them)."""
    content = tmp_path / "content"
    content.mkdir()
    spec = importlib.util.spec_from_file_location("new_community", ROOT / "scripts" / "new_community.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = module.create(content, "banchang-nanli", "板厂南里社区", "东城区", "交道口街道")
    result = schema_check(content, validators)
    assert result.checked == 3 and result.errors == [] and result.unreadable == []
    for name in ("achievements", "rectifications"):
        first = (target / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        rel = first.removeprefix("# yaml-language-server: $schema=")
        assert (target / rel).resolve() == (SCHEMAS / f"{name}.schema.json").resolve()
