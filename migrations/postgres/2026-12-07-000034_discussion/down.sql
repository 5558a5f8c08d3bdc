DROP TABLE discussion_reads;
DROP TABLE discussion_messages;
