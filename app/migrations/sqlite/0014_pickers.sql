-- The people picker finds people by the start of their team's name as well as their own name,
-- username and employee number (those are indexed already).
CREATE INDEX teams_name_idx ON teams(name);
