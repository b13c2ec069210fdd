"""The reference deployment (`deploy/`) stays true to the code: every command it runs exists,
and every variable it sets is documented."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def deploy_files():
    return [path for path in DEPLOY.rglob("*") if path.is_file()]


def test_every_parvis_command_of_the_deployment_exists():
    commands = set()
    for path in deploy_files():
        commands |= set(re.findall(r"/bin/parvis (\w+)", path.read_text()))
    assert {"worker", "purge_expired", "backup"} <= commands
    missing = commands - set(get_commands())
    assert not missing, f"deploy/ runs commands that do not exist: {sorted(missing)}"


def test_every_variable_of_the_deployment_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = set()
    for path in deploy_files():
        names |= set(re.findall(r"^([A-Z][A-Z0-9_]+)=", path.read_text(), re.MULTILINE))
        names |= set(re.findall(r"^Environment=([A-Z][A-Z0-9_]+)=", path.read_text(),
                                re.MULTILINE))
    assert "DATABASE_URL" in names and "PROMETHEUS_MULTIPROC_DIR" in names
    undocumented = {name for name in names if f"`{name}`" not in readme}
    assert not undocumented, f"Document these variables in the README: {sorted(undocumented)}"
