package dev.clauderesilience.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An example WebFlux application on the claude-resilience starter. Without an API key it runs
 * on the embedded Claude API simulator (see {@link EmbeddedSimulatorEnvironmentPostProcessor}).
 *
 * @since 0.1.0
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
