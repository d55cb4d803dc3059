package io.github.phasedmigration.smoke.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Old's accounts. */
public interface AccountRepository extends JpaRepository<Account, Long> {

}
