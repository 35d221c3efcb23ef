"""Pure domain: entities, diff, planner and the Plan value. No Qt, no SQLAlchemy, no I/O."""
