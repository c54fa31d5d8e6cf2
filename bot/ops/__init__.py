"""Running policywatch as a service: health and metrics endpoint, logs, and the doctor."""
