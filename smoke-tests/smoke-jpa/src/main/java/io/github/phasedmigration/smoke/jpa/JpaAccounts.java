package io.github.phasedmigration.smoke.jpa;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/** Old: accounts through Spring Data JPA. */
@Service
public class JpaAccounts {

	private final AccountRepository repository;

	public JpaAccounts(AccountRepository repository) {
		this.repository = repository;
	}

	/** Opens an account; returns its id. */
	@PhasedMigration(name = JdbcAccounts.MIGRATION, newImpl = JdbcAccounts.class, kind = MigrationKind.WRITE)
	@Transactional
	public long open(long id, String owner) {
		this.repository.save(new Account(id, owner));
		return id;
	}

	/** The owner of an account, {@code null} when there is none. */
	@PhasedMigration(name = JdbcAccounts.MIGRATION, newImpl = JdbcAccounts.class)
	@Transactional(readOnly = true)
	public @Nullable String ownerOf(long id) {
		return this.repository.findById(id).map(Account::getOwner).orElse(null);
	}

}
