package io.github.phasedmigration.smoke.jpa;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /accounts/7?owner=Ann} opens account 7 (answers its id); {@code GET /accounts/7/owner}
 * answers its owner, or 404.
 */
@RestController
public class AccountController {

	private final JpaAccounts accounts;

	public AccountController(JpaAccounts accounts) {
		this.accounts = accounts;
	}

	@PostMapping("/accounts/{id}")
	public String open(@PathVariable long id, @RequestParam String owner) {
		return String.valueOf(this.accounts.open(id, owner));
	}

	@GetMapping("/accounts/{id}/owner")
	public ResponseEntity<String> owner(@PathVariable long id) {
		String owner = this.accounts.ownerOf(id);
		return (owner != null) ? ResponseEntity.ok(owner) : ResponseEntity.notFound().build();
	}

}
