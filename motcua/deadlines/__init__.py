"""Working calendar and time-limit arithmetic: pure functions, no ORM imports (domain.md §6)."""
