"""`python -m dangvu.documents.citations`: the JSON Lines contract other tools rely on, run without Django settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIELDS = ["type", "number", "symbol", "date", "issuer", "term", "span"]


def _run(stdin: str) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "dangvu.documents.citations"],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


def test_cli_answers_each_line_with_its_citations_in_order():
    lines = [
        {
            "id": 1,
            "text": "Theo Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII) và 98/2023/NĐ-CP.",
        },
        {"id": "b", "text": "Quý II-2022, nhiệm kỳ 2020-2025."},
    ]
    out = _run("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in lines))
    assert [o["id"] for o in out] == [1, "b"]
    first, second = out[0]["citations"]
    assert list(first) == FIELDS
    assert first == {
        "type": "Kết luận",
        "number": "21",
        "symbol": "KL/TW",
        "date": "2021-10-25",
        "issuer": "BCH Trung ương",
        "term": "XIII",
        "span": "Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII)",
    }
    assert (second["type"], second["number"], second["symbol"]) == ("Nghị định", "98/2023", "NĐ-CP")
    assert out[1]["citations"] == []


def test_cli_writes_utf8_without_escapes():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "dangvu.documents.citations"],
        input='{"id": 1, "text": "Chỉ thị số 05-CT/TW của Bộ Chính trị"}\n'.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    assert "Bộ Chính trị".encode() in done.stdout
    assert b"\\u" not in done.stdout


def test_bad_lines_get_an_error_and_processing_continues():
    stdin = 'not json\n{"id": 7}\n[1, 2]\n\n{"id": 8, "text": "NQ 48"}\n'
    out = _run(stdin)
    assert len(out) == 5
    assert all(o["id"] is None and o["error"] for o in out[:4])
    assert out[4] == {
        "id": 8,
        "citations": [
            {
                "type": "Nghị quyết",
                "number": "48",
                "symbol": None,
                "date": None,
                "issuer": None,
                "term": None,
                "span": "NQ 48",
            }
        ],
    }


def test_cli_does_not_load_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    code = "import sys, dangvu.documents.citations; print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, env=env, check=True, text=True)
    assert done.stdout.strip() == "False"


def test_bench_smoke_prints_throughputs_and_ratio():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "citations.py"), "--size", "0.1"],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=True,
        text=True,
    )
    assert "parser:" in done.stdout and "MB/s" in done.stdout
    ratio_line = next(line for line in done.stdout.splitlines() if line.startswith("ratio:"))
    assert float(ratio_line.split()[1].rstrip("x")) > 0
