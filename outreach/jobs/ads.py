"""What a vacancy's ad text takes from the role's job description template (used by
recruitment/ad_text.py): the purpose, the main tasks and the qualifications."""

from outreach.jobs.services import template_for

AD_SECTIONS = ("purpose", "main_tasks", "qualifications")


def ad_description(position_key: str) -> str:
    template = template_for(position_key)
    if template is None:
        return ""
    parts = []
    for section in template.sections:
        if section["key"] in AD_SECTIONS and section["text"].strip():
            parts += [f"{section['title']}:", section["text"].strip(), ""]
    return "\n".join(parts).strip()
