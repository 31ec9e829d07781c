"""Printing the referral slip on a receipt printer (ESC/POS over raw TCP).

`slip_bytes()` (render.py) turns a Slip into the printer's bytes with
python-escpos; `send_to_printer()` (network.py) checks the printer and sends them
(`ask_status()` only checks it, for the fleet page);
`jobs.py` records each tap so a double tap prints once. Page printing through the
browser needs none of this: it is a print stylesheet (static/css/print.css).
"""

from .network import PrinterProblem, ask_status, send_to_printer
from .render import PAPERS, slip_bytes

__all__ = ["PAPERS", "PrinterProblem", "ask_status", "send_to_printer", "slip_bytes"]
