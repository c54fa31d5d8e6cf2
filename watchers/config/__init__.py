"""The watch configuration: YAML files validated into typed values once, at load."""
