package io.github.phasedmigration.smoke.webnodb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web service without a database that moves its pricing from V1 to V2. */
@SpringBootApplication
public class WebNoDbApplication {

	public static void main(String[] args) {
		SpringApplication.run(WebNoDbApplication.class, args);
	}

}
