package io.github.phasedmigration.smoke.jpa;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** New: accounts in table {@code accounts_v2}, with plain JDBC. */
@Service
public class JdbcAccounts {

	/** The migration from {@link JpaAccounts} to this. */
	public static final String MIGRATION = "account-store";

	private final JdbcClient jdbc;

	public JdbcAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Opens an account; idempotent, as a write that the journal may replay must be. */
	public long open(long id, String owner) {
		this.jdbc.sql("MERGE INTO accounts_v2 (id, owner) KEY (id) VALUES (:id, :owner)")
			.param("id", id)
			.param("owner", owner)
			.update();
		return id;
	}

	public @Nullable String ownerOf(long id) {
		return this.jdbc.sql("SELECT owner FROM accounts_v2 WHERE id = :id")
			.param("id", id)
			.query(String.class)
			.optional()
			.orElse(null);
	}

}
