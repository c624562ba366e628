package dev.clauderesilience.docs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code curl} command line of the README, read as curl reads it (the options the README uses),
 * so that it can be sent without a shell.
 *
 * @param readmeLine where it stands in README.md
 * @param method the HTTP method
 * @param port the port it is sent to
 * @param path the path, with query
 * @param headers the headers curl sends, its own defaults included
 * @param body the body, or {@code null}
 * @param noBuffer whether {@code -N} asks to see a stream as it comes
 */
record CurlCommand(int readmeLine, String method, int port, String path, Map<String, String> headers, String body,
		boolean noBuffer) {

	private static final Pattern URL = Pattern.compile("(?:https?://)?localhost:(\\d+)(/\\S*)?");

	/**
	 * The {@code curl} lines of a snippet, a line ending in {@code \} continued on the next.
	 * @throws AssertionError naming the README line of a line it cannot read
	 */
	static List<CurlCommand> of(Snippet snippet) {
		List<CurlCommand> commands = new ArrayList<>();
		List<String> lines = snippet.text().lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			int first = i;
			StringBuilder command = new StringBuilder(lines.get(i));
			while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
				command.setLength(command.length() - 1);
				command.append(' ').append(lines.get(++i));
			}
			if (!command.toString().isBlank()) {
				commands.add(parse(snippet.readmeLine(first + 1), command.toString()));
			}
		}
		return commands;
	}

	static CurlCommand parse(int readmeLine, String line) {
		Iterator<String> words = words(line).iterator();
		if (!words.hasNext() || !words.next().equals("curl")) {
			throw problem(readmeLine, "not a curl command: " + line);
		}
		String method = null;
		String url = null;
		String body = null;
		boolean noBuffer = false;
		Map<String, String> headers = new LinkedHashMap<>();
		while (words.hasNext()) {
			String word = words.next();
			switch (word) {
				case "-s", "--silent" -> {
				}
				case "-N", "--no-buffer" -> noBuffer = true;
				case "-X", "--request" -> method = argument(readmeLine, word, words);
				case "-H", "--header" -> {
					String header = argument(readmeLine, word, words);
					int colon = header.indexOf(':');
					if (colon < 1) {
						throw problem(readmeLine, "not a header: " + header);
					}
					headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
				}
				case "-d", "--data", "--data-raw" -> body = argument(readmeLine, word, words);
				default -> {
					if (word.startsWith("-") || url != null) {
						throw problem(readmeLine, "docs-check does not know what curl does with " + word);
					}
					url = word;
				}
			}
		}
		Matcher matcher = (url != null) ? URL.matcher(url) : null;
		if (matcher == null || !matcher.matches()) {
			throw problem(readmeLine, "no URL on localhost: " + line);
		}
		// what curl itself sends
		Map<String, String> sent = new LinkedHashMap<>();
		sent.put("Accept", "*/*");
		if (body != null) {
			sent.put("Content-Type", "application/x-www-form-urlencoded");
		}
		sent.putAll(headers);
		return new CurlCommand(readmeLine, (method != null) ? method : (body != null) ? "POST" : "GET",
				Integer.parseInt(matcher.group(1)), (matcher.group(2) != null) ? matcher.group(2) : "/",
				Collections.unmodifiableMap(sent), body, noBuffer);
	}

	@Override
	public String toString() {
		return "README.md line " + this.readmeLine + ": " + this.method + " " + this.path;
	}

	private static String argument(int readmeLine, String option, Iterator<String> words) {
		if (!words.hasNext()) {
			throw problem(readmeLine, option + " without its argument");
		}
		return words.next();
	}

	// words as a POSIX shell splits them: '...' literal, "..." with \" and \\, \x outside quotes
	static List<String> words(String line) {
		List<String> words = new ArrayList<>();
		StringBuilder word = null;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (Character.isWhitespace(c)) {
				if (word != null) {
					words.add(word.toString());
					word = null;
				}
				continue;
			}
			word = (word != null) ? word : new StringBuilder();
			if (c == '\'') {
				int end = line.indexOf('\'', i + 1);
				if (end < 0) {
					throw new IllegalArgumentException("unclosed ' in " + line);
				}
				word.append(line, i + 1, end);
				i = end;
			}
			else if (c == '"') {
				for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
					if (line.charAt(i) == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
						i++;
					}
					word.append(line.charAt(i));
				}
				if (i == line.length()) {
					throw new IllegalArgumentException("unclosed \" in " + line);
				}
			}
			else if (c == '\\' && i + 1 < line.length()) {
				word.append(line.charAt(++i));
			}
			else {
				word.append(c);
			}
		}
		if (word != null) {
			words.add(word.toString());
		}
		return words;
	}

	private static AssertionError problem(int readmeLine, String message) {
		return new AssertionError("README.md line " + readmeLine + " (sample-http): " + message);
	}

}
