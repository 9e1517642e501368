"""The labs' Qt pages."""
