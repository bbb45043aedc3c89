"""DOCX → PDF with LibreOffice, when it is installed on the machine (it is optional: without it, DOCX only).

Each conversion runs `soffice --headless --convert-to pdf` in a fresh temporary directory with its own user profile
(`-env:UserInstallation`), so concurrent conversions do not fight over one profile, and with a timeout.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class ConversionError(RuntimeError):
    pass


def executable() -> str | None:
    """The LibreOffice binary on the PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return executable() is not None


def docx_to_pdf(content: bytes, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """The PDF of a DOCX. Raises ConversionError when LibreOffice is absent, fails or takes too long."""
    binary = executable()
    if binary is None:
        raise ConversionError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="dangvu-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(content)
        profile = (work / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True, cwd=work)
        except subprocess.TimeoutExpired as error:
            raise ConversionError("LibreOffice took too long") from error
        except subprocess.CalledProcessError as error:
            raise ConversionError(error.stderr.decode(errors="replace")[-500:]) from error
        result = work / "document.pdf"
        if not result.exists():
            raise ConversionError("LibreOffice produced no PDF")
        return result.read_bytes()
