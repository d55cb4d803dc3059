/**
 * A web service on Spring Data JPA whose accounts move to a table written with JdbcClient.
 */
@NullMarked
package io.github.phasedmigration.smoke.jpa;

import org.jspecify.annotations.NullMarked;
