"""The section "Ambities en voortgang" of a plan's exports (registered in apps.py)."""


def ambitions_section(plan) -> list:
    return []
