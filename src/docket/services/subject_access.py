"""The subject access response: everything Docket holds on a person, as JSON and as HTML."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from docket.domain.vocabulary import CANONICAL_FIELDS, Purpose
from docket.services.gate import Gate
from docket.services.person_file import load_person_file
from docket.services.runtime import Runtime
from docket.store import cases_repo, linkage_repo, persons_repo, requests_repo

KEEP_DISCLOSURES_YEARS = 5

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>What Docket holds about you ({{ d.person_id }})</title></head><body><main>
<h1>What Docket holds about you</h1>
<p>Person {{ d.person_id }}, answered {{ d.answered_at }} for request {{ d.request_id }}.</p>
<h2>Records ({{ d.records | length }})</h2>
<table><thead><tr><th>Record</th><th>Kind</th><th>Fields</th><th>From</th></tr></thead><tbody>
{% for r in d.records %}<tr><td>{{ r.ref }}</td><td>{{ r.kind }}</td>
<td>{% for k, v in r.fields.items() %}{{ k }}: {{ v }}<br>{% endfor %}</td>
<td>{{ r.provenance.file_name }} line {{ r.provenance.line }}, ingested {{ r.provenance.ingested_at }}</td></tr>
{% endfor %}</tbody></table>
<h2>Facts derived</h2><pre>{{ d.facts_json }}</pre>
<h2>Cases</h2><pre>{{ d.cases_json }}</pre>
<h2>Decisions about you</h2><pre>{{ d.decisions_json }}</pre>
<h2>Disclosures of your data</h2><pre>{{ d.disclosures_json }}</pre>
<p>You may ask for any of this to be corrected, and contest any link between records.</p>
</main></body></html>"""


def gather(rt: Runtime, gate: Gate, person_id: str) -> dict[str, Any]:
    person = load_person_file(gate.conn, person_id, Purpose.STATUS_VERIFICATION, rt.today())
    rows = persons_repo.records_of_person(gate.conn, person_id)
    keys = {int(r.id) for r in rows}
    records = [
        {
            "ref": f"{r.source}:{r.record_id}",
            "kind": r.kind,
            "fields": {k: v for k, v in r._mapping.items() if k in _FIELDS and v is not None},
            "provenance": person.provenance[int(r.id)],
        }
        for r in rows
    ]
    cases = [dict(c._mapping) for c in cases_repo.open_cases_of_person(gate.conn, person_id)]
    decisions = {
        "links": [d for d in linkage_repo.active_decisions(gate.conn) if d[0] in keys or d[1] in keys],
        "protection": [dict(d._mapping) for d in cases_repo.protection_history(gate.conn, person_id)],
        "requests": [dict(r._mapping) for r in requests_repo.requests_of_person(gate.conn, person_id)],
    }
    disclosures = [dict(d._mapping) for d in requests_repo.disclosures_of_person(gate.conn, person_id)]
    return {
        "person_id": person_id,
        "records": records,
        "facts": person.facts.to_dict(),
        "protection": person.protection.to_dict(),
        "cases": cases,
        "decisions": decisions,
        "disclosures": disclosures,
    }


_FIELDS = frozenset(CANONICAL_FIELDS) - {"record_id"}


def write_access_response(rt: Runtime, gate: Gate, person_id: str, request_id: str) -> dict[str, Path]:
    data = gather(rt, gate, person_id)
    data.update(request_id=request_id, answered_at=rt.now().isoformat())
    folder = rt.settings.documents_dir / "requests"
    folder.mkdir(parents=True, exist_ok=True)
    json_path, html_path = folder / f"{request_id}.json", folder / f"{request_id}.html"
    json_path.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
    html_path.write_text(_html(data), encoding="utf-8")
    keep = (rt.today() + timedelta(days=365 * KEEP_DISCLOSURES_YEARS)).isoformat()
    requests_repo.add_disclosure(
        gate.conn,
        "subject_access",
        Purpose.STATUS_VERIFICATION.value,
        "the data subject",
        [person_id],
        {"request": request_id, "records": len(data["records"])},
        gate.ctx.actor.id,
        keep,
    )
    gate.touch(person_id)
    return {"json": json_path, "html": html_path}


def _html(data: dict[str, Any]) -> str:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    view = dict(data)
    for key in ("facts", "cases", "decisions", "disclosures"):
        view[f"{key}_json"] = json.dumps(data[key], indent=2, default=str, ensure_ascii=False)
    return env.from_string(PAGE).render(d=view)
