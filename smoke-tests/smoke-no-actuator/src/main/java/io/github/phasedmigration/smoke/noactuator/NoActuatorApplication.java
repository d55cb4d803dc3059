package io.github.phasedmigration.smoke.noactuator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web service without the Actuator that moves its shipping costs from V1 to V2. */
@SpringBootApplication
public class NoActuatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(NoActuatorApplication.class, args);
	}

}
