"""The README's quick start is what CI runs, and the commands it documents exist."""

import re

from bot.cli import build_parser
from tests.conftest import REPO


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n(.+?)\n```", section)


def test_quick_start_has_two_commands_and_ci_runs_the_second():
    install_and_ask, run_tests = quick_start_commands()
    assert "newsbot ask" in install_and_ask
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def test_documented_commands_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = set(re.findall(r"`newsbot (\w+)", readme))
    known = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert commands <= known, commands - known


def test_every_setting_is_in_the_configuration_table():
    from retrieval.settings import Settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [
        name
        for name in Settings.model_fields
        if f"`NEWSBOT_{name.upper()}`" not in readme and f"`{name.upper()}`" not in readme
    ]
    assert not missing, missing


def test_the_layout_tour_names_every_folder_and_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    missing = []
    for folder in ("retrieval", "bot", "prompts"):
        for path in sorted((REPO / folder).rglob("*.py")):
            sub = path.parent != REPO / folder
            if sub and f"{path.parent.name}/" not in layout:
                missing.append(f"{path.parent.relative_to(REPO)}/")
            if path.stem not in ("__init__", "__main__") and path.stem not in layout:
                missing.append(str(path.relative_to(REPO)))
    assert not missing, f"the README's Layout section does not mention {missing}"


def test_the_langchain_example_runs_as_written(tmp_path, monkeypatch):
    """The README's LangChain example, executed from the repository folder (the index goes
    to a temporary folder through the environment, as a user's settings would)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## LangChain", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.+?)\n```", section, re.S)
    assert len([line for line in code.splitlines() if line.strip()]) <= 5
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("NEWSBOT_STORE_DIR", str(tmp_path / "store"))
    names: dict = {}
    exec(compile(code, "README.md", "exec"), names)
    assert names["docs"][0].metadata["source"] == "001_3fdcb3a3f62ccc84.txt"
    assert [a["answered"] for a in names["answers"]] == [True, True]


def test_the_mcp_client_configuration_starts_newsbot_mcp():
    import json

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## MCP", 1)[1].split("\n## ", 1)[0]
    (config,) = re.findall(r"```json\n(.+?)\n```", section, re.S)
    server = json.loads(config)["mcpServers"]["newsbot"]
    assert server["command"].endswith("/bin/newsbot") and server["args"][0] == "mcp"
    assert build_parser().parse_args(server["args"]).command == "mcp"
