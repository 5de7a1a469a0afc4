"""The strategic assessment: :func:`assess` assembles it, :func:`write_assessment` writes it."""

from cspkit.assessment.assemble import StrategicAssessment, assess
from cspkit.assessment.config import DEFAULT_THEMES, AssessmentConfig, Theme, load_config
from cspkit.assessment.report import assessment_document, write_assessment

__all__ = [
    "DEFAULT_THEMES",
    "AssessmentConfig",
    "StrategicAssessment",
    "Theme",
    "assess",
    "assessment_document",
    "load_config",
    "write_assessment",
]
