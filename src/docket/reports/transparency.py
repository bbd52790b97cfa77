"""The public transparency report: counts over a period, as HTML (CSS bar charts, no script) and PDF
(ReportLab bar charts). Any count below 10 is shown as "<10" so that no small group can be singled out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from jinja2 import Environment, select_autoescape

SUPPRESS_BELOW = 10


def shown(count: int) -> str:
    return f"<{SUPPRESS_BELOW}" if count < SUPPRESS_BELOW else str(count)


@dataclass
class Section:
    title: str
    counts: dict[str, int]
    note: str = ""


@dataclass
class TransparencyReport:
    period_from: str
    period_to: str
    generated_at: str
    sections: list[Section] = field(default_factory=list)


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Docket transparency report {{ r.period_from }} to {{ r.period_to }}</title>
<style>body{font-family:sans-serif;max-width:50rem;margin:2rem auto}
.bar{background:#2b6cb0;height:1rem;display:inline-block;vertical-align:middle}
td{padding:.2rem .6rem}</style></head><body><main>
<h1>Transparency report</h1>
<p>Period {{ r.period_from }} to {{ r.period_to }}; generated {{ r.generated_at }} from the audit log
and decision records only. Counts below {{ limit }} are shown as "&lt;{{ limit }}".</p>
{% for s in r.sections %}<section><h2>{{ s.title }}</h2>{% if s.note %}<p>{{ s.note }}</p>{% endif %}
<table><tbody>{% for label, n in s.counts.items() %}<tr><th scope="row">{{ label }}</th><td>{{ show(n) }}</td>
<td><span class="bar" style="width:{{ width(n, s) }}rem" aria-hidden="true"></span></td></tr>
{% else %}<tr><td>none</td></tr>{% endfor %}</tbody></table></section>
{% endfor %}</main></body></html>"""


def render_html(report: TransparencyReport) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))

    def width(n: int, section: Section) -> float:
        top = max(section.counts.values(), default=0)
        return 0.0 if n < SUPPRESS_BELOW or top == 0 else round(20 * n / top, 2)

    return env.from_string(PAGE).render(r=report, show=shown, width=width, limit=SUPPRESS_BELOW)


def render_pdf(report: TransparencyReport) -> bytes:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    story: list[object] = [
        Paragraph("Transparency report", styles["Title"]),
        Paragraph(
            f"Period {report.period_from} to {report.period_to}; counts below {SUPPRESS_BELOW} are shown "
            f"as &lt;{SUPPRESS_BELOW}.",
            styles["BodyText"],
        ),
    ]
    for section in report.sections:
        story.append(Paragraph(section.title, styles["Heading2"]))
        rows = [[label, shown(n)] for label, n in section.counts.items()] or [["none", ""]]
        story.append(Table(rows))
        visible = {k: v for k, v in section.counts.items() if v >= SUPPRESS_BELOW}
        if visible:
            drawing = Drawing(400, 20 + 18 * len(visible))
            chart = HorizontalBarChart()
            chart.x, chart.y, chart.width, chart.height = 120, 10, 260, 18 * len(visible)
            chart.data = [list(visible.values())]
            chart.categoryAxis.categoryNames = list(visible)
            chart.valueAxis.valueMin = 0
            drawing.add(chart)
            story.append(drawing)
        story.append(Spacer(1, 8))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, title="Docket transparency report").build(story)  # type: ignore[arg-type]
    return buffer.getvalue()
