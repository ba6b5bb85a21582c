DROP TABLE applicants;
DROP TABLE accounts;
DROP TABLE expert_roles;
DROP TABLE experts;
DROP TABLE review_groups;
DROP TABLE committees;
