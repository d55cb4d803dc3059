package io.github.phasedmigration.smoke.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service with one READ migration ({@code price-catalog}) and one keyed WRITE migration
 * ({@code customer-store}) whose second writes are journaled in H2. Its jar is processed by Spring
 * AOT at build time, and {@code SmokeAotIT} starts it with {@code -Dspring.aot.enabled=true}.
 */
@SpringBootApplication
public class SmokeAotApplication {

	public static void main(String[] args) {
		SpringApplication.run(SmokeAotApplication.class, args);
	}

}
