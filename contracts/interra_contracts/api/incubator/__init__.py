"""API contract of the incubator service (InterLab), one module per area: applications (calls, the
application and its review workflow), reviews (the grid, reviewers, ranking), projects (path and
milestones), mentoring (mentor pool, matching, mentorships, sessions, safeguarding) and follow_up
(follow-up and figures). Import the area: `from interra_contracts.api.incubator import applications`."""
