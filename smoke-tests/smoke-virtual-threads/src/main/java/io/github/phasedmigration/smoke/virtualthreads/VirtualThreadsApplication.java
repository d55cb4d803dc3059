package io.github.phasedmigration.smoke.virtualthreads;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A web service on virtual threads that moves its stock levels from V1 to V2. */
@SpringBootApplication
public class VirtualThreadsApplication {

	public static void main(String[] args) {
		SpringApplication.run(VirtualThreadsApplication.class, args);
	}

}
