package io.github.phasedmigration.smoke.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.jspecify.annotations.Nullable;

/** An account in old's table. */
@Entity
@Table(name = "accounts")
public class Account {

	@Id
	private @Nullable Long id;

	private @Nullable String owner;

	protected Account() {
		// for JPA
	}

	public Account(long id, String owner) {
		this.id = id;
		this.owner = owner;
	}

	public @Nullable String getOwner() {
		return this.owner;
	}

}
