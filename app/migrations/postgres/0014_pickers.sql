-- The people picker matches the start of a name, username, employee number or team name as a range
-- in byte order (COLLATE "C"), the order SQLite's indexes keep: these indexes serve those ranges
-- whatever the database's collation.
CREATE INDEX people_username_c_idx ON people (username COLLATE "C");
CREATE INDEX people_display_name_c_idx ON people (display_name COLLATE "C");
CREATE INDEX people_employee_no_c_idx ON people (employee_no COLLATE "C");
CREATE INDEX teams_name_c_idx ON teams (name COLLATE "C");
