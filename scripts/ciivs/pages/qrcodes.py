"""QR codes of addresses as inline SVG, drawn once and kept between builds.

Drawing one takes 1.6-2.1 ms in pure Python (segno), and the site draws one for every printed
entry page and every hand-off card: at 1,000 measures 15 % of the render stage, for a picture that
depends only on its address. `QrCodes(folder)` keeps each drawing in a file named by the hash of
the address and of the way it is drawn; deleting the folder only costs drawing them again.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import segno
from markupsafe import Markup

from ciivs.formats.kept import keep_file

# Part of each file's name: a new segno or other options draw again instead of reading old files.
DRAWING = f"segno {segno.__version__}, error m, mask 0, scale 3, border 4, role img"


def draw(address: str) -> Markup:
    """The address as a QR code, an inline SVG without XML declaration (safe: made by segno)."""
    out = io.BytesIO()
    # A fixed mask: choosing the best of the eight costs five times as long (pure Python), and
    # any mask scans; level M survives a fold or a stain on paper.
    # A viewBox instead of a fixed size, so that the style sheet's size scales it (a fixed width
    # and height cropped it); a quiet zone of four modules, as the standard asks, for scanners.
    segno.make(address, error="m", mask=0, micro=False).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=3,
        border=4,
        title=address,
        nl=False,
        omitsize=True,
        svgclass="ciivs-qr",
    )
    svg = out.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-hidden="true" ', 1))


class QrCodes:
    """The QR codes of one process: in memory, and in `folder` between builds (None: memory only).

    Files are written whole under a temporary name, then renamed: processes building at the same
    time read either nothing or a whole drawing.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.drawn: dict[str, Markup] = {}

    @classmethod
    def kept_in(cls, cache: Path | None) -> QrCodes:
        """The QR codes kept in the build's cache folder (None: in memory only)."""
        return cls(None if cache is None else cache / "qr")

    def __call__(self, address: str) -> Markup:
        svg = self.drawn.get(address)
        if svg is None:
            svg = self._read(address)
            if svg is None:
                svg = draw(address)
                self._keep(address, svg)
            self.drawn[address] = svg
        return svg

    def _file(self, address: str) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(f"{DRAWING}\n{address}".encode()).hexdigest()
        return self.folder / f"{key}.svg"

    def _read(self, address: str) -> Markup | None:
        file = self._file(address)
        if file is None:
            return None
        try:
            svg = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        # Only a whole drawing: anything else is drawn again.
        return Markup(svg) if svg.startswith("<svg ") and svg.endswith("</svg>") else None

    def _keep(self, address: str, svg: str) -> None:
        file = self._file(address)
        if file is None:
            return
        keep_file(file, svg.encode("utf-8"))  # not written: drawn again next time
