"""The load test (bench/load.py) end to end at a small size: 20 users for 5 seconds on its own SQLite demo data.

Runs as a subprocess (the load test builds its own scratch database and gunicorn, whatever database the tests use)
and asserts that every request of the page mix was answered, not how fast.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_twenty_users_get_every_page_without_an_error():
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--users", "20", "--seconds", "5", "--workers", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors: 0" in result.stdout
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line.startswith(("/", "overall"))}
    for page in ("/", "/members/?q=nguyen", "/members/{member}/", "/units/{unit}/", "/api/members?q=nguyen", "overall"):
        assert int(rows[page][1]) > 0, f"no request to {page}"
        assert rows[page][2] == "0", f"errors on {page}"
