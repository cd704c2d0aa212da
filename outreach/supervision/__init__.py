"""Supervision (veiledning): individual, group, case and practice supervision that stays
between the people in the room, the rhythm each role should have, and an EC's own notes."""
