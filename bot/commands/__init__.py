"""Chat commands, written once for every platform."""
