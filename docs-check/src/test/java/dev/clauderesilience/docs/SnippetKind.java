package dev.clauderesilience.docs;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a README block marked {@code <!-- docs-check: KIND -->} is, and so how it is checked.
 */
enum SnippetKind {

	/** Maven coordinates: the BOM imported, published jars of this reactor, versions the reactor's. */
	MAVEN_DEPENDENCIES("maven-dependencies"),

	/** The Gradle twin of {@link #MAVEN_DEPENDENCIES}: the same set, written for Gradle. */
	GRADLE_DEPENDENCIES("gradle-dependencies"),

	/** {@link #MAVEN_DEPENDENCIES} of the Spring Boot 4 line: its starter, never the Spring Boot 3.5 line's. */
	SPRING_BOOT4_MAVEN_DEPENDENCIES("spring-boot4-maven-dependencies"),

	/** The Gradle twin of {@link #SPRING_BOOT4_MAVEN_DEPENDENCIES}. */
	SPRING_BOOT4_GRADLE_DEPENDENCIES("spring-boot4-gradle-dependencies"),

	/** Maven coordinates of the Spring AI module and of the Spring AI artifacts the reactor builds against. */
	SPRING_AI_MAVEN_DEPENDENCIES("spring-ai-maven-dependencies"),

	/** The Gradle twin of {@link #SPRING_AI_MAVEN_DEPENDENCIES}. */
	SPRING_AI_GRADLE_DEPENDENCIES("spring-ai-gradle-dependencies"),

	/** {@link #SPRING_AI_MAVEN_DEPENDENCIES} of the Spring Boot 4 line, on Spring AI 2. */
	SPRING_AI2_MAVEN_DEPENDENCIES("spring-ai2-maven-dependencies"),

	/** The Gradle twin of {@link #SPRING_AI2_MAVEN_DEPENDENCIES}. */
	SPRING_AI2_GRADLE_DEPENDENCIES("spring-ai2-gradle-dependencies"),

	/** An application.yml: the configuration of every fresh application, which must start with it. */
	APPLICATION_YAML("application-yaml"),

	/** Main code: compiled and run in fresh WebFlux and Spring MVC applications, its endpoints called. */
	JAVA_MAIN("java-main"),

	/** Main code on Spring AI's ChatClient: compiled and run with {@link #JAVA_MAIN}, its endpoint called. */
	SPRING_AI_JAVA_MAIN("spring-ai-java-main"),

	/** A test class: compiled with the main code and run on the JUnit Platform; every test must pass. */
	JAVA_TEST("java-test"),

	/** curl lines: sent to the sample application, each answered 2xx. */
	SAMPLE_HTTP("sample-http");

	private final String marker;

	SnippetKind(String marker) {
		this.marker = marker;
	}

	String marker() {
		return this.marker;
	}

	static Optional<SnippetKind> of(String marker) {
		return Arrays.stream(values()).filter((kind) -> kind.marker.equals(marker)).findFirst();
	}

}
