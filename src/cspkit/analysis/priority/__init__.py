"""Priority setting: a scoring matrix that ranks candidate priorities from the assessment.

Each **candidate** (a crime type, a partner measure or a theme) is scored on stated
**criteria**, each on a stated scale (1 to 5) with a stated weight, in the manner of MoRiLE
(Management of Risk in Law Enforcement): threat, risk and harm first, then the organisation's
position. The defaults (:func:`default_matrix`), editable per partnership
(:func:`matrix_from_data`):

=================  ======  ==========  ============================================================
criterion          weight  scored by   scale (1 to 5)
=================  ======  ==========  ============================================================
harm               3       data        share of the harm of recorded crime (harm weights, ONS
                                       Crime Severity Score approach): 1 under 2%, 2 from 2%,
                                       3 from 5%, 4 from 10%, 5 from 20%
volume             2       data        share of recorded crime and ASB incidents, same bands
trend              2       data        the year against the previous year, as the comparison
                                       policy compares it: 5 significant rise of 10% or more, 4
                                       significant rise, 3 no significant change, 2 significant
                                       fall, 1 significant fall of 10% or more; not scored when
                                       the policy refuses the comparison or the numbers are too
                                       small (:mod:`cspkit.analysis.policy`)
public_concern     2       data        share of survey respondents worried (questions linked to
                                       the candidate): 1 under 20%, 2 from 20%, 3 from 30%, 4 from
                                       40%, 5 from 50%
vulnerability      3       judgement   1 victims seldom vulnerable ... 5 victims mostly vulnerable
                                       (children, repeat victims, poor mental health)
capacity           1       judgement   the partnership's capacity to act: 1 little to add ... 5
                                       partners hold the levers and resources
=================  ======  ==========  ============================================================

Scores from data are filled in from the assessment with the **evidence** they came from (the
sentence and the figure). **Judgement** scores are entered as :class:`Judgement` with a reason
(none is an error); a judgement on a data criterion overrides the data, and both are shown.
The **total** is the weighted mean of the scores rescaled to 0-100; criteria without a score
are left out of it, named in ``missing`` and, with the reason, in ``not_scored`` (announced);
:meth:`PriorityScores.coverage` says in words which criteria were scored and which were not.
``threat_risk_harm`` and ``organisational`` are the same over each group of criteria.

:func:`score_priorities` returns :class:`PriorityScores`: ``table`` (one row per candidate,
ranked; :data:`TABLE_COLUMNS` then a column per criterion) and ``scores`` (one row per
candidate and criterion; :data:`SCORE_COLUMNS`). :meth:`PriorityScores.against_current` sets
the result beside the current priorities.
"""


from cspkit.analysis.priority.data import AssessmentLike, candidates_from_assessment
from cspkit.analysis.priority.matrix import (
    DATA_RULES,
    GROUPS,
    SCORE_COLUMNS,
    TABLE_COLUMNS,
    Candidate,
    Criterion,
    Judgement,
    ScoringMatrix,
    default_matrix,
    matrix_from_data,
)
from cspkit.analysis.priority.scores import PriorityScores, score_priorities

__all__ = [
    "DATA_RULES",
    "GROUPS",
    "SCORE_COLUMNS",
    "TABLE_COLUMNS",
    "AssessmentLike",
    "Candidate",
    "Criterion",
    "Judgement",
    "PriorityScores",
    "ScoringMatrix",
    "candidates_from_assessment",
    "default_matrix",
    "matrix_from_data",
    "score_priorities",
]
