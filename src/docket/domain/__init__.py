"""Vocabulary, value types and enums. Imports nothing of Docket's but ``docket.errors``."""
