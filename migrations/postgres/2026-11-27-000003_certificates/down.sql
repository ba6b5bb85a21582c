DROP TABLE recusal_exemptions;
DROP TABLE certificates;
