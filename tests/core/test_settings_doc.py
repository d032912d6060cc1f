"""The settings and their documentation stay in step, and importing the settings has no side effects.

Every environment variable that settings.py reads is found by reading its source (not by importing
it) and must have a row in the one table of README.md, "Configuration"; every row there must be a
variable the settings read. Importing the settings in a fresh process creates no directory.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SETTINGS = REPO / "src" / "modelgemeente" / "config" / "settings.py"
README = REPO / "README.md"


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _reads_environment(node: ast.AST) -> bool:
    """Whether a function body reads os.environ / os.getenv (such a function is an env helper)."""
    for child in ast.walk(node):
        if _is_os_environ(child):
            return True
        if isinstance(child, ast.Attribute) and child.attr == "getenv":
            return True
    return False


def _first_string_argument(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _is_env_call(func: ast.expr, helpers: set[str]) -> bool:
    """os.environ.get / os.environ.setdefault / os.getenv, or a helper of the module that reads the environment."""
    if isinstance(func, ast.Name):
        return func.id in helpers
    return isinstance(func, ast.Attribute) and (
        (func.attr in {"get", "setdefault"} and _is_os_environ(func.value)) or func.attr == "getenv"
    )


def _is_database_url_call(func: ast.expr) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"config", "parse_env"}
        and isinstance(func.value, ast.Name)
        and func.value.id == "dj_database_url"
    )


def environment_variables_read(source: str) -> set[str]:
    """Names of the environment variables a settings module reads: os.environ.get("X"), os.environ["X"],
    os.getenv("X"), a helper defined in the module that reads the environment (env_bool("X")), and
    dj_database_url.config(), which reads DATABASE_URL unless told another name with env=."""
    tree = ast.parse(source)
    helper_defs = [  # functions that read the variable named by their first parameter
        node for node in tree.body if isinstance(node, ast.FunctionDef) and node.args.args and _reads_environment(node)
    ]
    helpers = {node.name for node in helper_defs}
    # Inside a helper the name is its parameter (env_bool(name)); only literal names count there.
    in_helper = {id(child) for helper in helper_defs for child in ast.walk(helper)}
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            name = node.slice.value if isinstance(node.slice, ast.Constant) else None
        elif isinstance(node, ast.Call) and _is_env_call(node.func, helpers):
            name = _first_string_argument(node)
        elif isinstance(node, ast.Call) and _is_database_url_call(node.func):
            given = [k.value for k in node.keywords if k.arg == "env"]
            name = given[0].value if given and isinstance(given[0], ast.Constant) else "DATABASE_URL"
        else:
            continue
        if name is None and id(node) not in in_helper:
            raise AssertionError(f"settings.py line {node.lineno}: a variable name that is not a literal string")
        if name is not None:
            names.add(name)
    return names


def configuration_table_variables(readme: str) -> set[str]:
    """The variable names in the first column of the table in README.md's "Configuration" section."""
    section = re.search(r"^## Configuration\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert section, 'README.md has no "## Configuration" section'
    rows = [line for line in section.group(1).splitlines() if line.startswith("|")]
    assert rows, "the Configuration section has no table"
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert header == ["variable", "default", "meaning", "example"], header
    names = set()
    for row in rows[2:]:
        first_cell = row.strip("|").split("|")[0]
        names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_the_parser_finds_every_kind_of_read():
    source = (
        "import os\nimport dj_database_url\n"
        "def env_flag(name):\n    return os.environ.get(name, '0') == '1'\n"
        "A = os.environ.get('A_VAR', 'x')\nB = os.environ['B_VAR']\nC = os.getenv('C_VAR')\n"
        "D = env_flag('D_VAR')\n"
        "def literal():\n    return os.environ.get('G_VAR')\n"
        "G = literal()\nE = dj_database_url.config(default='sqlite://')\n"
        "F = dj_database_url.config(env='OTHER_DB_URL')\n"
    )
    assert environment_variables_read(source) == {
        "A_VAR",
        "B_VAR",
        "C_VAR",
        "D_VAR",
        "G_VAR",
        "DATABASE_URL",
        "OTHER_DB_URL",
    }


def test_every_environment_variable_of_the_settings_is_in_the_readme_table():
    read = environment_variables_read(SETTINGS.read_text(encoding="utf-8"))
    # The parser must see the settings' known reads, or the comparison below proves nothing.
    assert {"SECRET_KEY", "DEBUG", "DATABASE_URL", "VAR_DIR", "EMAIL_USE_TLS", "LOG_LEVEL"} <= read
    documented = configuration_table_variables(README.read_text(encoding="utf-8"))
    assert not read - documented, (
        f"read by settings.py but not in README.md, Configuration: {sorted(read - documented)}"
    )
    assert not documented - read, (
        f"in README.md, Configuration, but not read by settings.py: {sorted(documented - read)}"
    )


def test_importing_the_settings_creates_no_directory(tmp_path):
    var_dir = tmp_path / "not-there" / "var"
    environment = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    environment |= {"PYTHONPATH": str(REPO / "src"), "VAR_DIR": str(var_dir), "DEBUG": "1"}
    code = "import modelgemeente.config.settings as s; print(s.DATABASES['default']['NAME']); print(s.STATIC_ROOT)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert str(var_dir / "modelgemeente.sqlite3") in result.stdout  # the settings did use the given VAR_DIR
    assert not (tmp_path / "not-there").exists()
