"""Recruitment and onboarding: needs, vacancies, candidates, interview guides, interviews,
references, hiring and the onboarding plan."""
