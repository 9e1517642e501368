"""Lessons: what the app steps through. Headless (no Qt): a lesson records traces and
updates its parameters; a Stepper walks a user through them, one step at a time."""
