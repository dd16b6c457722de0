"""The share image of a disease page (1200 x 630 PNG): its name, one line, the site's name.

Drawn with Pillow in a locally installed font (Debian's fonts-dejavu-core), with no network and
no timestamps, so the same record gives the same bytes. Where the font is missing the build makes
no cards and says so; pages then share without an image.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
SIZE = (1200, 630)
INDIGO = (63, 81, 181)  # Material's indigo, the site's primary colour
INK = (33, 33, 33)
MUTED = (97, 97, 97)


def fonts_available() -> bool:
    return BOLD.is_file() and REGULAR.is_file()


def _wrap(draw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Break text into lines that fit width; the last line ends in '…' when text is left over."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        last = lines[-1]
        while last and draw.textlength(last + " …", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines


@functools.cache
def _drawn_with() -> str:
    """What every card's bytes depend on besides its text: Pillow, this code, the fonts."""
    import importlib.metadata

    return "\0".join([
        importlib.metadata.version("pillow"),
        Path(__file__).read_text(encoding="utf-8"),  # a changed layout draws every card anew
        *(f"{font}:{font.stat().st_size}:{font.stat().st_mtime_ns}" for font in (BOLD, REGULAR)),
    ])


def card_key(title: str, line: str, site_name: str) -> bytes:
    """Everything one card's bytes depend on, for keeping it between builds."""
    return "\0".join([title, line, site_name, _drawn_with()]).encode()


def social_card(title: str, line: str, site_name: str) -> bytes:
    """The PNG bytes of one card: the disease's heading and one line about it, on the site's name."""
    return _draw(title, line, site_name)


# A card has three colours of anti-aliased text on white. Drawn as a palette image (each colour
# in SHADES steps from white), it encodes in a fifth of the time of a full-colour one, at half the
# size: about 5 ms a card instead of 12 ms, most of which PNG's per-row filters spent on the colour image.
SHADES = 85  # 3 x 85 palette entries; a step of 3 in 255 cannot be seen in text edges


@functools.cache  # made once, shared by every card: a tuple, so that no caller can change it
def _palette() -> tuple[int, ...]:
    entries: list[int] = []
    for colour in (INK, MUTED, INDIGO):
        for step in range(SHADES):
            entries += [round(255 + (channel - 255) * step / (SHADES - 1)) for channel in colour]
    return tuple(entries)


@functools.cache  # as _palette
def _shades_of(colour: int) -> tuple[int, ...]:
    """Grey level (255 white, 0 full ink) to the palette entry of that much of the colour."""
    first = colour * SHADES
    return tuple(first + round((255 - grey) * (SHADES - 1) / 255) if grey < 255 else 0 for grey in range(256))


def _draw(title: str, line: str, site_name: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    # All text is drawn in black on a grey canvas; each band of it then takes its own colour.
    canvas = Image.new("L", SIZE, 255)
    draw = ImageDraw.Draw(canvas)
    margin, width = 96, SIZE[0] - 96 - 80
    title_font = ImageFont.truetype(str(BOLD), 64)
    text_font = ImageFont.truetype(str(REGULAR), 36)
    site_font = ImageFont.truetype(str(BOLD), 30)
    y = 110
    for text in _wrap(draw, title, title_font, width, 3):
        draw.text((margin, y), text, font=title_font, fill=0)
        y += 80
    line_top = y
    y += 24
    for text in _wrap(draw, line, text_font, width, 3):
        draw.text((margin, y), text, font=text_font, fill=0)
        y += 48
    site_top = SIZE[1] - 90
    draw.text((margin, site_top), site_name, font=site_font, fill=0)
    entries = Image.new("L", SIZE, 0)
    for colour, (top, bottom) in enumerate([(0, line_top), (line_top, site_top), (site_top, SIZE[1])]):
        band = (0, top, SIZE[0], bottom)
        entries.paste(canvas.crop(band).point(_shades_of(colour)), band)
    bars = ImageDraw.Draw(entries)
    full_indigo = 3 * SHADES - 1
    bars.rectangle((0, 0, SIZE[0], 24), fill=full_indigo)
    bars.rectangle((0, 0, 24, SIZE[1]), fill=full_indigo)
    image = Image.frombytes("P", SIZE, entries.tobytes())
    image.putpalette(_palette())
    out = io.BytesIO()
    # zlib level 6, the default: 20 KB a card against 27.5 KB at level 1, for 4.7 ms more (cards
    # are kept between builds); 37 MB of a 5,000-disease site. Level 9 saves 2 KB more for 43 ms.
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
