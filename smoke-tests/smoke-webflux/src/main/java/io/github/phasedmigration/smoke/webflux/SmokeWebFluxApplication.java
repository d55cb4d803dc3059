package io.github.phasedmigration.smoke.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A reactive pricing service moving from pricing V1 to V2, on WebFlux, without a database. */
@SpringBootApplication
public class SmokeWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(SmokeWebFluxApplication.class, args);
	}

}
