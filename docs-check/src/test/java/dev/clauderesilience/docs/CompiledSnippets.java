package dev.clauderesilience.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.springframework.util.FileSystemUtils;

/**
 * README snippets compiled as an application's own code: with {@code javax.tools} against this
 * module's test classpath, into a directory of their own that also holds the application's
 * {@code application.yml} and a generated {@code @SpringBootApplication} class in the snippets'
 * package, as a project made from the README would have them.
 */
final class CompiledSnippets {

	static final String APPLICATION_CLASS = "DemoApplication";

	private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

	private static final Pattern TYPE = Pattern
		.compile("^(?:public\\s+|final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)", Pattern.MULTILINE);

	private final Path classes;

	private final String packageName;

	private final List<Snippet> snippets;

	private CompiledSnippets(Path classes, String packageName, List<Snippet> snippets, Snippet applicationYaml) {
		this.classes = classes;
		this.packageName = packageName;
		this.snippets = Stream.concat(snippets.stream(), Stream.of(applicationYaml)).toList();
	}

	/**
	 * Compiles snippets, all in one package, with a generated application class and the YAML as
	 * {@code application.yml}.
	 * @param directory where the classes go (emptied first)
	 * @param snippets the Java snippets
	 * @param applicationYaml the application's configuration
	 * @throws AssertionError naming the README line of each compilation error
	 */
	static CompiledSnippets compile(Path directory, List<Snippet> snippets, Snippet applicationYaml) {
		String packageName = packageOf(snippets);
		try {
			FileSystemUtils.deleteRecursively(directory);
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("application.yml"), applicationYaml.text());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<JavaFileObject> sources = new ArrayList<>();
		snippets.forEach((snippet) -> sources.add(new Source(snippet, packageName, typeOf(snippet), snippet.text())));
		sources.add(new Source(null, packageName, APPLICATION_CLASS, applicationSource(packageName)));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		List<String> options = List.of("-d", directory.toString(), "-classpath", System.getProperty("java.class.path"),
				"--release", "17", "-parameters", "-proc:none", "-encoding", "UTF-8");
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			boolean compiled = compiler.getTask(null, files, diagnostics, options, null, sources).call();
			List<String> errors = diagnostics.getDiagnostics()
				.stream()
				.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
				.map(CompiledSnippets::describe)
				.toList();
			if (!compiled || !errors.isEmpty()) {
				throw new AssertionError("README snippets do not compile:\n" + String.join("\n", errors));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new CompiledSnippets(directory, packageName, snippets, applicationYaml);
	}

	/**
	 * A class loader for one application: the compiled classes on top of a parent's, and the
	 * application's own resources ({@code application.yml}) before the parent's, as a project's
	 * own resources come first (the sample application's is on this module's classpath too).
	 */
	ClassLoader classLoader(ClassLoader parent) {
		try {
			return new OwnResourcesFirstClassLoader(new URL[] { this.classes.toUri().toURL() }, parent);
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	URL applicationYaml() {
		try {
			return this.classes.resolve("application.yml").toUri().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String packageName() {
		return this.packageName;
	}

	/**
	 * The name of a snippet's (first) top-level class.
	 */
	String className(Snippet snippet) {
		return this.packageName + "." + typeOf(snippet);
	}

	String applicationClassName() {
		return this.packageName + "." + APPLICATION_CLASS;
	}

	/**
	 * The names of the compiled top-level classes, the generated application class among them.
	 */
	List<String> classNames() {
		try (Stream<Path> files = Files.walk(this.classes)) {
			return files.map((file) -> this.classes.relativize(file).toString())
				.filter((name) -> name.endsWith(".class") && !name.contains("$"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Where the compiled snippets and the YAML stand in the README, for failure messages.
	 */
	String where() {
		return String.join(", ", this.snippets.stream().map(Snippet::where).toList());
	}

	private static String packageOf(List<Snippet> snippets) {
		List<String> packages = snippets.stream().map((snippet) -> {
			Matcher matcher = PACKAGE.matcher(snippet.text());
			if (!matcher.find()) {
				throw new AssertionError(snippet.where() + ": a snippet of an application's code declares its package");
			}
			return matcher.group(1);
		}).distinct().toList();
		if (packages.size() != 1) {
			throw new AssertionError("README snippets of one application share one package, found " + packages);
		}
		return packages.get(0);
	}

	private static String typeOf(Snippet snippet) {
		Matcher matcher = TYPE.matcher(snippet.text());
		if (!matcher.find()) {
			throw new AssertionError(snippet.where() + ": no top-level type");
		}
		return matcher.group(1);
	}

	private static String applicationSource(String packageName) {
		return """
				package %s;

				import org.springframework.boot.SpringApplication;
				import org.springframework.boot.autoconfigure.SpringBootApplication;

				@SpringBootApplication
				public class %s {

					public static void main(String[] args) {
						SpringApplication.run(%s.class, args);
					}

				}
				""".formatted(packageName, APPLICATION_CLASS, APPLICATION_CLASS);
	}

	private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
		String message = diagnostic.getMessage(Locale.ROOT);
		if (diagnostic.getSource() instanceof Source source && source.snippet != null) {
			return "README.md line " + source.snippet.readmeLine(diagnostic.getLineNumber()) + " ("
					+ source.snippet.kind().marker() + "): " + message;
		}
		return "generated " + APPLICATION_CLASS + " line " + diagnostic.getLineNumber() + ": " + message;
	}

	private static final class Source extends SimpleJavaFileObject {

		private final Snippet snippet;

		private final String text;

		Source(Snippet snippet, String packageName, String typeName, String text) {
			super(URI.create("string:///" + packageName.replace('.', '/') + "/" + typeName + ".java"), Kind.SOURCE);
			this.snippet = snippet;
			this.text = text;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.text;
		}

	}

	private static final class OwnResourcesFirstClassLoader extends URLClassLoader {

		OwnResourcesFirstClassLoader(URL[] urls, ClassLoader parent) {
			super(urls, parent);
		}

		@Override
		public URL getResource(String name) {
			URL own = findResource(name);
			return (own != null) ? own : super.getResource(name);
		}

	}

}
