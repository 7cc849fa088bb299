-- Who has answered the staff questionnaire, per calendar year, never what (issue 5 item 5): the
-- answer itself is stored without a name, as an anonymous survey_answered event, and nothing
-- links the two. One answer per staff member and year keeps the results honest.
CREATE TABLE staff_survey_respondents (
  user_id TEXT NOT NULL REFERENCES users (id),
  year INTEGER NOT NULL,
  PRIMARY KEY (user_id, year)
);
