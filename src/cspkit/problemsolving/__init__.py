"""Problem-solving cases (OSARA: Objective, Scanning, Analysis, Response, Assessment) for the
task force's focus areas."""
