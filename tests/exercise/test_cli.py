"""``chainrule exercise`` and ``chainrule grade`` end to end, and their one-line errors."""

from __future__ import annotations

import csv

from chainrule.cli.main import main
from chainrule.exercise.keyfile import read_key


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_and_single_sheet(capsys):
    code, out, _ = _run(capsys, "exercise", "--list")
    assert code == 0 and "backprop-softmax" in out and "slip" in out
    code, out, _ = _run(capsys, "exercise", "limit", "--seed", "3")
    assert code == 0 and out.startswith("# Worksheet: Derivative as a limit")
    code, out2, _ = _run(capsys, "exercise", "limit", "--seed", "3", "--key")
    assert "# Answer key" in out2


def test_student_seed_is_stable(capsys):
    a = _run(capsys, "exercise", "tangent", "--student", "s42", "--key")[1]
    b = _run(capsys, "exercise", "tangent", "--student", "s42", "--key")[1]
    c = _run(capsys, "exercise", "tangent", "--student", "s43", "--key")[1]
    assert a == b and a != c


def test_class_workflow(tmp_path, capsys):
    roster = tmp_path / "class.csv"
    roster.write_text("id,name\n" + "".join(f"s{k},Student {k}\n" for k in range(1, 11)))
    out_dir = tmp_path / "sheets"
    code, out, err = _run(capsys, "exercise", "descent", "--level", "2", "--class-list",
                          str(roster), "-o", str(out_dir), "--moodle",
                          str(tmp_path / "q.xml"), "--gift", str(tmp_path / "q.gift"))
    assert code == 0, err
    assert "for 10 students" in out
    assert len(list(out_dir.glob("*-worksheet.md"))) == 10
    entries = read_key(out_dir / "key.json")
    keys = entries[0][0].keys
    answers = tmp_path / "answers.csv"
    with answers.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", *keys])
        for k, (ex, s) in enumerate(entries):
            right = ex.answers()
            if k % 2:
                right["x1"] = right["x1"] + 1
            w.writerow([s.id, s.name, *[right[q] for q in keys]])
    code, out, err = _run(capsys, "grade", str(out_dir / "key.json"), str(answers), "-o",
                          str(tmp_path / "graded"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["s1", "6/6", "all", "right"]
    assert lines[1].startswith("s2") and "5/6" in lines[1] and "x1 wrong" in lines[1]
    book = list(csv.DictReader((tmp_path / "graded" / "gradebook.csv").open()))
    assert [r["score"] for r in book] == ["6", "5"] * 5
    feedback = (tmp_path / "graded" / "feedback" / "s2.md").read_text()
    assert "x1 = x0 − α·f′(x0)" in feedback


def test_errors_are_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "key.json"
    bad.write_text('{"format": "chainrule-exercise-key", "version": 1, "entries": [1]}')
    answers = tmp_path / "a.csv"
    answers.write_text("id\n")
    for argv in (["exercise", "nope"], ["exercise"], ["grade", str(bad), str(answers)],
                 ["grade", str(tmp_path / "missing.json"), str(answers)],
                 ["exercise", "limit", "--class-list", str(answers), "-o", str(tmp_path)],
                 ["exercise", "limit", "--format", "docx"]):
        code, _, err = _run(capsys, *argv)
        assert code == 2, argv
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (argv, err)
        assert "internal error" not in err


def test_grade_learner_files(tmp_path, capsys):
    out_dir = tmp_path / "sheets"
    roster = tmp_path / "class.csv"
    roster.write_text("student\na1\nb2\n")
    assert main(["exercise", "backprop-relu", "--class-list", str(roster), "-o",
                 str(out_dir)]) == 0
    entries = read_key(out_dir / "key.json")
    learners = tmp_path / "learners"
    learners.mkdir()
    for ex, s in entries:
        right = ex.answers()
        lines = [f'"{k}" = "{v}"' for k, v in right.items()]
        if s.id == "b2":
            lines[0] = f'"{ex.keys[0]}" = "{right[ex.keys[0]] + 1}"'
        (learners / f"{s.id}.toml").write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    code, out, err = _run(capsys, "grade", str(out_dir / "key.json"), str(learners))
    assert code == 0, err
    total = len(entries[0][0].keys)
    assert out.splitlines()[0].split()[:2] == ["a1", f"{total}/{total}"]
    assert out.splitlines()[1].split()[1] == f"{total - 1}/{total}"


def test_pdf_needs_latex(tmp_path, capsys):
    code, _, err = _run(capsys, "exercise", "limit", "-o", str(tmp_path), "--pdf")
    assert code == 2 and "add latex to --format" in err


def _columns_line(sheet: str) -> list[str]:
    """The answers-file header a Markdown worksheet names: the last code span of its line
    about ``chainrule grade``, read as a CSV row."""
    line = next(ln for ln in sheet.splitlines() if "chainrule grade" in ln)
    return next(csv.reader([line.split("`")[-2]]))


def test_the_columns_a_worksheet_names_are_the_columns_grade_reads(tmp_path, capsys):
    roster = tmp_path / "class.csv"
    roster.write_text("id\ns1\n")
    out_dir = tmp_path / "sheets"
    assert main(["exercise", "chain", "--class-list", str(roster), "-o", str(out_dir)]) == 0
    sheet = (out_dir / "s1-worksheet.md").read_text()
    columns = _columns_line(sheet)
    assert columns == ["id", "f'(x)", "f'(x0)"]
    (ex, _), = read_key(out_dir / "key.json")
    assert f"f′({ex.extra['x0']:g})" not in sheet  # the table names the column, not f′(2)
    right = ex.answers()
    good = tmp_path / "good.csv"
    with good.open("w", newline="") as fh:
        csv.writer(fh).writerows([columns, ["s1", *(right[c] for c in columns[1:])]])
    capsys.readouterr()
    code, out, err = _run(capsys, "grade", str(out_dir / "key.json"), str(good))
    assert code == 0 and out.split()[:2] == ["s1", "2/2"], (out, err)
    # The header the old worksheet's label suggested is refused, naming the expected columns.
    bad = tmp_path / "bad.csv"
    bad.write_text(f"id,f'(x),f'({ex.extra['x0']:g})\ns1,{right[columns[1]]},1\n")
    code, out, err = _run(capsys, "grade", str(out_dir / "key.json"), str(bad))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, (out, err)
    assert f"f'({ex.extra['x0']:g})" in err and "f'(x0)" in err and "Traceback" not in err
