"""Use cases: plan a sync, apply a plan, alerts, history. No Qt here."""
