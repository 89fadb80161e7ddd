"""Modal screens: forms, the help/why screen, the phase switch, the weekly review."""
