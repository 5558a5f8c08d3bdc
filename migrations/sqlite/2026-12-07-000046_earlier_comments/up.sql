-- A reviewer of an earlier round, reviewing the revised version, says whether the authors
-- addressed their comments (issue 28 part 2): 'fully', 'partly', 'not', or '' (not asked, or
-- not answered yet).
ALTER TABLE review_invitations ADD COLUMN earlier_comments_addressed TEXT NOT NULL DEFAULT '';
