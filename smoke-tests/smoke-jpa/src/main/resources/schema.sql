-- new's table; old's (accounts) is the JPA entity's, created by Hibernate
CREATE TABLE accounts_v2 (
	id BIGINT PRIMARY KEY,
	owner VARCHAR(100) NOT NULL
);
