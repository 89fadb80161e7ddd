"""The rule engine: YAML rules over documented facts, checked and compiled once, ranked and explained.

Import what you need from its modules (engine, facts, model); this package root imports nothing.
"""
