"""The notice of intended referral: an HTML and a PDF document for the person concerned.

It lists the facts relied on (each with the records behind it), the ground and the policy pack,
and how to contest, with the deadline. Rendered with Jinja2 (HTML) and ReportLab (PDF).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from jinja2 import Environment, select_autoescape

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Notice {{ n.notice_id }}</title></head>
<body>
<main>
<h1>Notice of intended referral</h1>
<p>Notice {{ n.notice_id }} for case {{ n.case_id }} (person {{ n.person_id }}), issued {{ n.issued_on }}.</p>
<h2>Ground</h2>
<p>{{ n.ground }}, under the published policy pack {{ n.pack_name }} (version {{ n.pack_version }},
SHA-256 {{ n.pack_sha256 }}). Removability alone is not a ground for enforcement.</p>
<h2>Facts relied on</h2>
<ul>
{% for fact in n.facts %}<li>{{ fact.text }}
{%- if fact.records %} (records: {{ fact.records | join(", ") }}){% endif %}</li>
{% endfor %}</ul>
<h2>How to contest</h2>
<p>You may contest this notice, any fact above, or the linking of any record to you, until
<strong>{{ n.contest_until }}</strong>. Send a subject request of kind <em>contest</em> quoting notice
{{ n.notice_id }}. No referral is made before that date, or while a contest is undecided.
You may also ask for access to everything held about you, and for corrections.</p>
</main>
</body></html>
"""


@dataclass(frozen=True)
class NoticeFact:
    text: str
    records: tuple[str, ...]


@dataclass(frozen=True)
class NoticeContent:
    notice_id: str
    case_id: str
    person_id: str
    ground: str
    pack_name: str
    pack_version: str
    pack_sha256: str
    issued_on: str
    contest_until: str
    facts: tuple[NoticeFact, ...]


def render_html(content: NoticeContent) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(TEMPLATE).render(n=content)


def render_pdf(content: NoticeContent) -> bytes:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, title=f"Notice {content.notice_id}")
    facts = [
        Paragraph(_escape(f.text + (f" (records: {', '.join(f.records)})" if f.records else "")), styles["BodyText"])
        for f in content.facts
    ]
    story = [
        Paragraph("Notice of intended referral", styles["Title"]),
        Paragraph(
            _escape(
                f"Notice {content.notice_id} for case {content.case_id} (person {content.person_id}), "
                f"issued {content.issued_on}."
            ),
            styles["BodyText"],
        ),
        Paragraph("Ground", styles["Heading2"]),
        Paragraph(
            _escape(
                f"{content.ground}, under policy pack {content.pack_name} {content.pack_version} "
                f"(SHA-256 {content.pack_sha256}). Removability alone is not a ground."
            ),
            styles["BodyText"],
        ),
        Paragraph("Facts relied on", styles["Heading2"]),
        ListFlowable(facts, bulletType="bullet"),
        Spacer(1, 12),
        Paragraph("How to contest", styles["Heading2"]),
        Paragraph(
            _escape(
                f"You may contest this notice, any fact above, or the linking of any record to you, "
                f"until {content.contest_until}, by a subject request of kind contest quoting notice "
                f"{content.notice_id}. No referral is made before that date or while a contest is "
                "undecided."
            ),
            styles["BodyText"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
