"""The command as a whole: help with examples, version, and usage errors as one line, exit 2."""

from __future__ import annotations

import pytest

SUBCOMMANDS = ("derive", "descend", "explain", "graph", "train", "tour")


def test_no_arguments_prints_help_and_succeeds(cli):
    result = cli()
    assert result.returncode == 0
    for name in SUBCOMMANDS:
        assert name in result.stdout


def test_subcommand_help_in_a_subprocess(cli):
    result = cli("derive", "--help")
    assert result.returncode == 0, result.stderr
    assert "examples:" in result.stdout and "--wrt" in result.stdout


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help_with_examples(inproc, name):
    code, out, _ = inproc(name, "--help")
    assert code == 0
    assert "examples:" in out
    assert f"chainrule {name}" in out.split("examples:")[1]


def test_version(cli):
    from chainrule import __version__

    result = cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_unknown_subcommand_is_one_line_exit_2(cli, error_line):
    line = error_line(cli("differentiate", "x^2"))
    assert "invalid choice" in line and "differentiate" in line


def test_missing_required_argument_is_one_line_exit_2(cli, error_line):
    line = error_line(cli("descend", "x^2", "--lr", "0.1"))
    assert "--x0" in line


def test_bad_option_value_is_one_line_exit_2(cli, error_line):
    line = error_line(cli("explain", "net.toml", "--steps", "zero"))
    assert "--steps" in line and "zero" in line


def test_debug_shows_the_traceback(cli):
    quiet = cli("explain", "missing.toml")
    loud = cli("--debug", "explain", "missing.toml")
    after = cli("explain", "missing.toml", "--debug")
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr and "ConfigError" in loud.stderr
    assert "Traceback" in after.stderr


def test_main_can_be_called_in_process(capsys):
    from chainrule.cli.main import main

    assert main(["derive", "x^3", "--at", "x=2"]) == 0
    out = capsys.readouterr().out
    assert "3x²" in out and "12" in out
