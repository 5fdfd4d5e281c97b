"""The exports' colours as plain hex strings (no openpyxl), so that the report's PDF
(:mod:`escadesk.documents.report_pdf`) draws its charts in the very colours of the
workbook's charts from the same definition."""

from __future__ import annotations

HEADER_FILL = "1F3864"  # dark blue; white bold text reads well on screen and in print

#: Chart colours, one per series kind, the same on every chart of the report.
ORGANIZATION_COLOUR = HEADER_FILL
GROUP_COLOURS = {
    "all": "A5A5A5",
    "technology_area": "ED7D31",
    "country": "5B9BD5",
    "excellence": "70AD47",
}
