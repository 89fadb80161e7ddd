"""Support code for the tests: building apps and journals, running commands, reading the screen."""
