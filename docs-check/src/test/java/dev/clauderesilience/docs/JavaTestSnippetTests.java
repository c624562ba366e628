package dev.clauderesilience.docs;

import java.io.PrintWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * README.md's {@code java-test} snippets, compiled with its main code and the generated
 * application class as one project, and run in-process on the JUnit Platform: every test passes,
 * and there is at least one.
 */
class JavaTestSnippetTests {

	@Test
	void everyTestOfTheReadmeShouldPass() {
		List<Snippet> tests = Readme.project().snippets(SnippetKind.JAVA_TEST);
		assertThat(tests).as("README.md blocks marked docs-check: java-test").isNotEmpty();
		CompiledSnippets project = ReadmeApplication.withTests();
		ClassLoader classLoader = project.classLoader(WebStack.MVC.classpath());
		assertThat(classLoader.getResource("application.yml")).as("the README's YAML, not the sample's")
			.isEqualTo(project.applicationYaml());

		TestExecutionSummary summary = run(classLoader, tests.stream().map(project::className).toList());

		String where = String.join(", ", tests.stream().map(Snippet::where).toList());
		assertThat(summary.getTestsFoundCount()).as("%s: tests found", where).isPositive();
		assertThat(failures(summary)).as(where).isEmpty();
		assertThat(summary.getTestsSucceededCount()).as("%s: tests passed", where)
			.isEqualTo(summary.getTestsFoundCount());
	}

	// the snippet's classes, and Spring's search for its @SpringBootConfiguration, on the project's loader
	private static TestExecutionSummary run(ClassLoader classLoader, List<String> testClasses) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
			.selectors(testClasses.stream().map((name) -> selectClass(ClassUtils.resolveClassName(name, classLoader)))
				.toList())
			.build();
		// only the engines: listeners on this classpath belong to the outer run
		Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
			.enableLauncherSessionListenerAutoRegistration(false)
			.enableLauncherDiscoveryListenerAutoRegistration(false)
			.enableTestExecutionListenerAutoRegistration(false)
			.enablePostDiscoveryFilterAutoRegistration(false)
			.build());
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader);
		try {
			launcher.execute(request, listener);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
		return listener.getSummary();
	}

	// the cause in the message, the whole trace in the test's output
	private static List<String> failures(TestExecutionSummary summary) {
		summary.printFailuresTo(new PrintWriter(System.out, true), 100);
		return summary.getFailures()
			.stream()
			.map((failure) -> failure.getTestIdentifier().getDisplayName() + ": "
					+ NestedExceptionUtils.getMostSpecificCause(failure.getException()))
			.toList();
	}

}
